import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore

/// A simulated phone: a valid IMEI and a P-256 key, as the app would hold in secure hardware.
struct TestDevice {
    var imei: String
    var key = P256.Signing.PrivateKey()

    init(imei: String = TestDevice.randomIMEI()) {
        self.imei = imei
    }

    var info: Metrology_Devices_V1_DeviceInfo {
        var info = Metrology_Devices_V1_DeviceInfo()
        info.imei = imei
        info.name = "测试手机"
        info.model = "SIM-1"
        info.os = "Android 14"
        info.appVersion = "1.0.0"
        info.publicKey = key.publicKey.x963Representation
        return info
    }

    static func randomIMEI() -> String {
        var digits = [8, 6] + (0..<12).map { _ in Int.random(in: 0...9) }
        let sum = digits.enumerated().reduce(0) { sum, pair in
            let doubled = pair.offset % 2 == 1 ? pair.element * 2 : pair.element
            return sum + (doubled > 9 ? doubled - 9 : doubled)
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }
}

extension IdentityFixtures {
    /// A mobile login as the app makes it: a login challenge signed with the device's key (`proof` replaces it).
    func login(
        _ username: String, device: TestDevice, password: String = IdentityFixtures.password,
        proof: ((Metrology_Identity_V1_LoginChallengeResponse) throws -> Data)? = nil
    ) async throws -> Metrology_Identity_V1_LoginResponse {
        let challenge = try await client.call(IdentityMethods.loginChallenge, .init())
        var request = Metrology_Identity_V1_LoginRequest()
        request.username = username
        request.password = password
        request.device = device.info
        request.deviceChallengeID = challenge.challengeID
        request.deviceProof = try proof?(challenge) ?? device.key.signature(for: challenge.challenge).derRepresentation
        return try await client.call(IdentityMethods.login, request)
    }

    func setDevice(_ deviceID: String, enabled: Bool, reason: String = "lost", note: String = "") async throws -> Metrology_Devices_V1_Device {
        var request = Metrology_Devices_V1_DeviceActionRequest()
        request.deviceID = deviceID
        request.reason = reason
        request.note = note
        return try await client.call(
            enabled ? DevicesMethods.enableDevice : DevicesMethods.disableDevice, request, options: .init(accessToken: adminToken))
    }

    /// First login (refused, device pending), an administrator enables the device, second login: a device-bound session.
    func enrolledLogin(_ username: String, device: TestDevice) async throws -> (session: Metrology_Identity_V1_LoginResponse, deviceID: String) {
        do {
            _ = try await login(username, device: device)
            throw TestFailure("a new device logged in before it was enabled")
        } catch let error as RPCError where error.reason == "DEVICE_PENDING_AUTHORIZATION" {
            guard let deviceID = error.details["deviceId"] else { throw TestFailure("the refusal does not name the device") }
            _ = try await setDevice(deviceID, enabled: true)
            return (try await login(username, device: device), deviceID)
        }
    }
}
