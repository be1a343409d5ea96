import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import Testing

/// Mobile terminals (§4.2.6, §4.3.4) through the real identity and devices services.
@Suite("Devices: mobile terminal authorization", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct DevicesTests {
    @Test("a device's first login is refused as pending and it shows in the list; once enabled it logs in and its token is bound to it")
    func firstLoginAndEnable() async throws {
        let fx = try await IdentityFixtures.make("devices-enable")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("field", roles: ["metrologist"])
        let phone = TestDevice()
        let pending = try await expectRPCError(.failedPrecondition) { _ = try await fx.login(user.username, device: phone) }
        #expect(pending.reason == "DEVICE_PENDING_AUTHORIZATION")
        #expect(pending.message.contains(phone.imei))
        let deviceID = try #require(pending.details["deviceId"])
        #expect(pending.details["imei"] == phone.imei)

        var list = Metrology_Devices_V1_ListDevicesRequest()
        list.status = "pending"
        list.query = phone.imei
        let listed = try await fx.client.call(DevicesMethods.listDevices, list, options: .init(accessToken: fx.adminToken))
        #expect(listed.devices.map(\.id) == [deviceID])
        #expect(listed.devices.first?.lastUsername == user.username)
        #expect(
            listed.devices.first?.keyFingerprint
                == SHA256.hash(data: phone.key.publicKey.x963Representation).map { String(format: "%02x", $0) }.joined())
        #expect(listed.pending >= 1)

        // Still pending: a second attempt is refused the same way, and nothing can be done from it.
        _ = try await expectRPCError(.failedPrecondition) { _ = try await fx.login(user.username, device: phone) }

        let enabled = try await fx.setDevice(deviceID, enabled: true)
        #expect(enabled.status == "enabled")
        #expect(enabled.statusChangedByName.contains("管理员"))
        let session = try await fx.login(user.username, device: phone)
        #expect(session.deviceID == deviceID)
        let me = try await fx.client.call(WhoAmIMethods.records, .init(), options: .init(accessToken: session.accessToken, deviceID: deviceID))
        #expect(me.username == user.username)
        // The token belongs to this device: a request claiming another one is refused by the service itself.
        let mismatch = try await expectRPCError(.unauthenticated) {
            _ = try await fx.client.call(
                WhoAmIMethods.records, .init(), options: .init(accessToken: session.accessToken, deviceID: UUID().uuidString.lowercased()))
        }
        #expect(mismatch.reason == "TOKEN_DEVICE_MISMATCH")
        // A browser login of the same person is not a device login and follows the identity rules alone.
        _ = try await fx.login(user.username)
    }

    @Test("disabling a device ends its open session within seconds, refuses refresh and further logins, and is audited with its reason")
    func disableEndsSessions() async throws {
        let fx = try await IdentityFixtures.make("devices-disable")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("lost", roles: ["metrologist"])
        let phone = TestDevice()
        let (session, deviceID) = try await fx.enrolledLogin(user.username, device: phone)
        _ = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: session.accessToken, deviceID: deviceID))

        let missingReason = try await expectRPCError(.invalidArgument) { _ = try await fx.setDevice(deviceID, enabled: false, reason: "") }
        #expect(missingReason.reason == "DEVICE_DISABLE_REASON_INVALID")
        let disabled = try await fx.setDevice(deviceID, enabled: false, reason: "lost", note: "外出检定时遗失")
        #expect(disabled.status == "disabled" && disabled.statusReason == "lost" && disabled.statusNote == "外出检定时遗失")

        let ended = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: session.accessToken, deviceID: deviceID))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(ended)
        // Every instance of every service applies the event from a queue of its own: each within seconds, not
        // necessarily before devices did.
        for (service, method) in [("flows", WhoAmIMethods.flows.fullName), ("reports", WhoAmIMethods.reports.fullName)] {
            let refused = try await eventually(timeout: .seconds(5)) {
                do {
                    _ = try await fx.client.callRaw(
                        service: service, method: method, payload: [], options: .init(accessToken: session.accessToken, deviceID: deviceID))
                    return false
                } catch let error as RPCError {
                    return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
                }
            }
            #expect(refused, "\(service) still accepts the disabled device's token")
        }
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = session.refreshToken
        // The session ended with the device (INVALID), or identity's re-check of the device refuses it first.
        let refreshRefused = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await fx.client.call(IdentityMethods.refresh, refresh)
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && ["IDENTITY_REFRESH_TOKEN_INVALID", "IDENTITY_DEVICE_NOT_ENABLED"].contains(error.reason)
            }
        }
        #expect(refreshRefused)
        let login = try await expectRPCError(.permissionDenied) { _ = try await fx.login(user.username, device: phone) }
        #expect(login.reason == "DEVICE_DISABLED")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = deviceID
        let actions = try await fx.client.call(AuditMethods.list("devices"), audit, options: .init(accessToken: fx.adminToken)).entries.map(\.action)
        #expect(actions == ["device.disabled", "device.enabled", "device.registered"])
        #expect(try await fx.client.call(AuditMethods.verify("devices"), .init(), options: .init(accessToken: fx.adminToken)).intact)

        // Enabled again, it may log in again.
        _ = try await fx.setDevice(deviceID, enabled: true)
        _ = try await fx.login(user.username, device: phone)
    }

    @Test("a malformed IMEI, a missing key, and a second device claiming a known IMEI are refused with distinct codes")
    func badDevices() async throws {
        let fx = try await IdentityFixtures.make("devices-bad")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("tester", roles: ["metrologist"])
        var malformed = TestDevice()
        malformed.imei = String(malformed.imei.dropLast()) + String(((Int(String(malformed.imei.last!))! + 1) % 10))
        let luhn = try await expectRPCError(.invalidArgument) { _ = try await fx.login(user.username, device: malformed) }
        #expect(luhn.reason == "DEVICE_IMEI_INVALID")
        malformed.imei = "86-12345678901"
        #expect(
            try await expectRPCError(.invalidArgument) { _ = try await fx.login(user.username, device: malformed) }.reason == "DEVICE_IMEI_INVALID")

        var request = Metrology_Identity_V1_LoginRequest()
        request.username = user.username
        request.password = IdentityFixtures.password
        request.device = TestDevice().info
        request.device.publicKey = Data([1, 2, 3])
        #expect(
            try await expectRPCError(.invalidArgument) { _ = try await fx.client.call(IdentityMethods.login, request) }.reason == "DEVICE_KEY_INVALID"
        )

        let original = TestDevice()
        let (_, deviceID) = try await fx.enrolledLogin(user.username, device: original)
        let clone = TestDevice(imei: original.imei)
        let conflict = try await expectRPCError(.alreadyExists) { _ = try await fx.login(user.username, device: clone) }
        #expect(conflict.reason == "DEVICE_IMEI_CONFLICT")
        #expect(conflict.details["deviceId"] == deviceID)
        // The original device is untouched.
        _ = try await fx.login(user.username, device: original)
        // Wrong password from a new device registers nothing.
        let stranger = TestDevice()
        _ = try await expectRPCError(.unauthenticated) { _ = try await fx.login(user.username, device: stranger, password: "Wrong-Passw0rd") }
        var list = Metrology_Devices_V1_ListDevicesRequest()
        list.query = stranger.imei
        #expect(try await fx.client.call(DevicesMethods.listDevices, list, options: .init(accessToken: fx.adminToken)).total == 0)
    }

    @Test("only a device administrator changes devices; a supervisor can list them and nothing more")
    func permissions() async throws {
        let fx = try await IdentityFixtures.make("devices-perms")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("someone", roles: ["metrologist"])
        let pending = try await expectRPCError(.failedPrecondition) { _ = try await fx.login(user.username, device: TestDevice()) }
        let deviceID = try #require(pending.details["deviceId"])
        let supervisor = try await fx.createUser("watch", roles: ["supervisor"])
        let token = try await fx.login(supervisor.username).accessToken
        _ = try await fx.client.call(DevicesMethods.listDevices, .init(), options: .init(accessToken: token))
        var enable = Metrology_Devices_V1_DeviceActionRequest()
        enable.deviceID = deviceID
        let denied = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(DevicesMethods.enableDevice, enable, options: .init(accessToken: token))
        }
        #expect(denied.details["permission"] == "devices.manage")
        let metrologist = try await fx.login(user.username).accessToken
        _ = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(DevicesMethods.listDevices, .init(), options: .init(accessToken: metrologist))
        }
    }

    @Test("the command-line mobile client registers, waits for approval, logs in and signs with the key it keeps in a file")
    func commandLineClient() async throws {
        let fx = try await IdentityFixtures.make("devices-cli")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("cli", roles: ["metrologist"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mobile-\(UUID().uuidString.prefix(8))")
        let content = folder.appendingPathComponent("record.txt")
        let gateway = await PlatformStack.shared.gateway.absoluteString
        let binary = TestEnvironment.binaries.appendingPathComponent("mobile-client").path
        func run(_ arguments: [String]) async throws -> Int32 {
            let pid = try Spawn.start(
                binary, arguments + ["--gateway", gateway, "--state", folder.path], environment: [:], logFile: folder.path + ".log")
            return await Spawn.wait(pid)
        }
        let credentials = ["--user", user.username, "--password", IdentityFixtures.password]
        #expect(try await run(["login"] + credentials) == 3)
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("device.json"))) as? [String: Any]
        let imei = try #require(state?["imei"] as? String)

        var list = Metrology_Devices_V1_ListDevicesRequest()
        list.query = imei
        let device = try #require(
            try await fx.client.call(DevicesMethods.listDevices, list, options: .init(accessToken: fx.adminToken)).devices.first)
        #expect(device.status == "pending")
        _ = try await fx.setDevice(device.id, enabled: true)
        #expect(try await run(["wait", "--timeout", "20"] + credentials) == 0)
        #expect(try await run(["whoami"]) == 0)
        try Data("燃油加油机 原始记录".utf8).write(to: content)
        #expect(try await run(["sign", "--resource", "records/cli-1", "--file", content.path]) == 0)
        #expect(try await run(["rotate-key"]) == 0)
        #expect(try await run(["sign", "--resource", "records/cli-2", "--file", content.path]) == 0)

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = "signature.completed"
        audit.actorID = user.id
        #expect(try await fx.client.call(AuditMethods.list("identity"), audit, options: .init(accessToken: fx.adminToken)).entries.count == 2)
    }
}
