import Foundation
import Logging
import Messaging
import RPCCore
import Testing

@testable import DevicesService

/// The device authorization rules against the in-memory repository: no database, no broker.
@Suite("Devices: authorization rules (in-memory repository)")
struct DeviceAuthorizationTests {
    // Two ECDSA P-256 public keys (DER SubjectPublicKeyInfo, as Android exports them).
    static let key = Data(
        base64Encoded: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEH1gAcDx0tZk8KjJ6e0yQuPRa2pTGekLqgUqcW2aw6Yg6lmcEbjaqJhx2ujyeMhB08JjsVXYyuqt/9mzaO1S4Hw==")!
    static let otherKey = Data(
        base64Encoded: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3cOdq+DGtdw3tVS0SBKdAjBqKXRhKCrSNL+NBTQZJd9kzfoI0Xc7bbEKoBhZkQcyyFBbp9qNXITZ4fOTdzDS7w==")!
    static let imei = "490154203237518"
    let rules = DeviceAuthorization()
    let logger = Logger(label: "test")
    let clock = Date(timeIntervalSince1970: 1_780_000_000)

    func presented(key: Data = key, name: String = "巡检终端", user: String = "li.si") -> DeviceAuthorization.Presented {
        .init(imei: Self.imei, name: name, model: "PDA-9", os: "Android 14", appVersion: "1.0", publicKey: key, userID: "u-\(user)", username: user)
    }

    func registered(in devices: InMemoryDeviceRepository) async throws -> DeviceRecord {
        guard case .registered(let device, _) = try await rules.checkIn(presented(), in: devices, now: clock, logger: logger) else {
            Issue.record("expected a registration")
            throw RPCError.internal
        }
        return device
    }

    @Test("a device never seen is registered as pending with its key")
    func firstCheckIn() async throws {
        let devices = InMemoryDeviceRepository(now: { Date(timeIntervalSince1970: 1_780_000_000) })
        let device = try await registered(in: devices)
        #expect(device.status == "pending")
        #expect(device.keyFingerprint == (try DeviceKeyMaterial(Self.key)).fingerprint)
        #expect(device.lastUsername == "li.si")
        #expect(devices.all.count == 1)
    }

    @Test("a device never seen without a key is refused as DEVICE_KEY_INVALID and nothing is stored")
    func firstCheckInWithoutKey() async throws {
        let devices = InMemoryDeviceRepository()
        let error = await #expect(throws: RPCError.self) { try await rules.checkIn(presented(key: Data()), in: devices, logger: logger) }
        #expect(error?.reason == "DEVICE_KEY_INVALID")
        #expect(error?.details["field"] == "publicKey")
        #expect(devices.all.isEmpty)
    }

    @Test("the same IMEI with another key is refused as DEVICE_IMEI_CONFLICT, naming the stored device")
    func clone() async throws {
        let devices = InMemoryDeviceRepository()
        let device = try await registered(in: devices)
        let error = await #expect(throws: RPCError.self) { try await rules.checkIn(presented(key: Self.otherKey), in: devices, logger: logger) }
        #expect(error?.code == .alreadyExists)
        #expect(error?.reason == "DEVICE_IMEI_CONFLICT")
        #expect(error?.details["deviceId"] == device.idString)
        #expect(devices.all.first?.lastUsername == "li.si")
    }

    @Test("a known device with its own key, or none, is touched: who used it last, what it says, the status kept")
    func knownDevice() async throws {
        let devices = InMemoryDeviceRepository()
        let first = try await registered(in: devices)
        _ = try await rules.setStatus(first.id, to: "enabled", reason: "", note: "", by: "u-admin", name: "管理员", in: devices, logger: logger)
        for key in [Self.key, Data()] {
            guard case .known(let device) = try await rules.checkIn(presented(key: key, name: "", user: "wang.wu"), in: devices, logger: logger)
            else {
                Issue.record("expected the known device")
                return
            }
            #expect(device.id == first.id)
            #expect(device.status == "enabled")
            #expect(device.lastUsername == "wang.wu")
            #expect(device.name == "巡检终端")  // an empty name keeps the stored one
        }
    }

    @Test("disabling records who, why and the note; asking again changes nothing")
    func disable() async throws {
        let devices = InMemoryDeviceRepository()
        let device = try await registered(in: devices)
        let change = try await rules.setStatus(
            device.id, to: "disabled", reason: "lost", note: "车间遗失", by: "u-zhao", name: "赵六", in: devices, logger: logger)
        #expect(change?.before.status == "pending")
        #expect(change?.after.status == "disabled")
        #expect(change?.after.statusReason == "lost")
        #expect(change?.after.statusChangedByName == "赵六")
        #expect(change?.after.statusNote == "车间遗失")
        let again = try await rules.setStatus(
            device.id, to: "disabled", reason: "other", note: "", by: "u-zhao", name: "赵六", in: devices, logger: logger)
        #expect(again == nil)
        #expect(devices.all.first?.statusReason == "lost")
    }

    @Test("an unknown device is DEVICE_NOT_FOUND")
    func unknown() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await rules.setStatus(UUID(), to: "enabled", reason: "", note: "", by: "u", name: "n", in: InMemoryDeviceRepository(), logger: logger)
        }
        #expect(error?.reason == "DEVICE_NOT_FOUND")
    }
}
