import Contracts
import Foundation
import Logging
import Messaging
import RPCCore
import Testing

@testable import DevicesService

/// base64url without padding, as the app sends its registration key.
private func base64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
        of: "=", with: "")
}

/// App installs (issue 18): a web app cannot read the IMEI and is known by the registration key it made at install;
/// native apps keep the IMEI rules.
@Suite("Devices: app installs without an IMEI")
struct AppInstallTests {
    static let key = DeviceAuthorizationTests.key
    static let otherKey = DeviceAuthorizationTests.otherKey
    static let registration = base64url(Data((0..<16).map { UInt8($0 * 7) }))
    let rules = DeviceAuthorization()
    let logger = Logger(label: "test")

    func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RPCError { return error.reason } catch { return "\(error)" }
    }

    @Test("kind app with a registration key and no IMEI is an app install; the key is kept in canonical base64url")
    func appIdentity() throws {
        let identity = try AppInstall.identity(kind: "app", imei: "", registrationKey: Self.registration + "==")
        #expect(identity == .init(kind: "app", registrationKey: Self.registration))
        #expect(try AppInstall.identity(kind: "", imei: "490154203237518", registrationKey: "") == .init(kind: "native", registrationKey: nil))
    }

    @Test(
        "refusals name their code",
        arguments: [
            ("app", "", "", "DEVICE_REGISTRATION_KEY_INVALID"),
            ("app", "", "AAAA", "DEVICE_REGISTRATION_KEY_INVALID"),  // 3 bytes: far fewer than 128 bits
            ("app", "", "not base64url!", "DEVICE_REGISTRATION_KEY_INVALID"),
            ("app", "490154203237518", registration, "DEVICE_IMEI_UNEXPECTED"),
            ("native", "", registration, "DEVICE_IMEI_INVALID"),
            ("", "490154203237519", "", "DEVICE_IMEI_INVALID"),
            ("browser", "", registration, "DEVICE_KIND_INVALID"),
        ])
    func refusals(kind: String, imei: String, registrationKey: String, code: String) {
        #expect(reason { _ = try AppInstall.identity(kind: kind, imei: imei, registrationKey: registrationKey) } == code)
    }

    func presented(key: Data = key, registration: String = registration) -> DeviceAuthorization.Presented {
        var presented = DeviceAuthorization.Presented(
            imei: "", name: "Pixel 8", model: "", os: "Android", appVersion: "pwa", publicKey: key, userID: "u-1", username: "li.si")
        presented.kind = "app"
        presented.registrationKey = registration
        return presented
    }

    @Test("app installs register pending, each by its own key, none with an IMEI; the record says so")
    func registersPending() async throws {
        let devices = InMemoryDeviceRepository()
        guard case .registered(let first, _) = try await rules.checkIn(presented(), in: devices, logger: logger),
            case .registered(let second, _) = try await rules.checkIn(
                presented(key: Self.otherKey, registration: base64url(Data(repeating: 9, count: 16))), in: devices, logger: logger)
        else {
            Issue.record("expected two registrations")
            return
        }
        #expect(first.id != second.id)
        #expect(first.status == "pending")
        #expect(first.message.kind == "app")
        #expect(first.message.imeiReported == false)
        #expect(first.message.imei == "")
        #expect(first.label.hasPrefix("应用安装设备"))
    }

    @Test("the same registration key again is the known device; with another public key DEVICE_REGISTRATION_CONFLICT")
    func knownAndConflict() async throws {
        let devices = InMemoryDeviceRepository()
        guard case .registered(let device, _) = try await rules.checkIn(presented(), in: devices, logger: logger) else {
            Issue.record("expected a registration")
            return
        }
        guard case .known(let again) = try await rules.checkIn(presented(), in: devices, logger: logger) else {
            Issue.record("expected the known device")
            return
        }
        #expect(again.id == device.id)
        let error = await #expect(throws: RPCError.self) { try await rules.checkIn(presented(key: Self.otherKey), in: devices, logger: logger) }
        #expect(error?.code == .alreadyExists)
        #expect(error?.reason == "DEVICE_REGISTRATION_CONFLICT")
        #expect(error?.details["deviceId"] == device.idString)
    }

    @Test("a native device's record reports its IMEI and kind native")
    func nativeRecord() async throws {
        let devices = InMemoryDeviceRepository()
        var native = presented()
        native.kind = "native"
        native.registrationKey = nil
        native.imei = DeviceAuthorizationTests.imei
        guard case .registered(let device, _) = try await rules.checkIn(native, in: devices, logger: logger) else {
            Issue.record("expected a registration")
            return
        }
        #expect(device.message.kind == "native")
        #expect(device.message.imeiReported)
        #expect(device.label == "IMEI \(DeviceAuthorizationTests.imei)")
    }
}
