import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import Testing

/// §4.3.10.5: a reviewer may review on the tester's phone without the tester signing out. Identity allows it as it
/// stands: a second login on a device with a live session opens a second session bound to the same device (the first
/// one is not ended), and each person signs a challenge naming that device with the device's key.
@Suite("Identity: two people on one phone", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentitySameDeviceTests {
    @Test("a second person logs in on a phone with a live session: both sessions live, both sign with the phone's key, each as themself")
    func twoSessionsOneDevice() async throws {
        let fx = try await IdentityFixtures.make("same-device")
        defer { Task { await fx.close() } }
        let tester = try await fx.createUser("phone-tester", roles: ["metrologist"])
        let reviewer = try await fx.createUser("phone-reviewer", roles: ["verifier"])
        let phone = TestDevice()
        let (first, device) = try await fx.enrolledLogin(tester.username, device: phone)
        let second = try await fx.login(reviewer.username, device: phone)
        #expect(second.accessToken != first.accessToken)

        func me(_ token: String) async throws -> String {
            try await fx.client.call(IdentityMethods.getMe, .init(), options: .init(accessToken: token, deviceID: device)).user.id
        }
        #expect(try await me(first.accessToken) == tester.id)
        #expect(try await me(second.accessToken) == reviewer.id)

        func sign(_ token: String, meaning: String, digest: String) async throws -> Metrology_Identity_V1_SignatureReceipt {
            var request = Metrology_Identity_V1_CreateSignatureChallengeRequest()
            request.meaning = meaning
            request.resource = "records/task/same-device"
            request.digest = digest
            request.deviceID = device
            let options = CallOptions(accessToken: token, deviceID: device)
            let challenge = try await fx.client.call(IdentityMethods.createSignatureChallenge, request, options: options)
            var complete = Metrology_Identity_V1_CompleteSignatureRequest()
            complete.challengeID = challenge.challengeID
            complete.digest = digest
            complete.signature = try phone.key.signature(for: challenge.challenge).derRepresentation
            complete.method = "fingerprint"
            return try await fx.client.call(IdentityMethods.completeSignature, complete, options: options)
        }
        let digest = SHA256.hash(data: Data("原始记录 same-device".utf8)).map { String(format: "%02x", $0) }.joined()
        let tested = try await sign(first.accessToken, meaning: "verification", digest: digest)
        let reviewed = try await sign(second.accessToken, meaning: "review", digest: digest)
        #expect(tested.signerID == tester.id && tested.deviceID == device)
        #expect(reviewed.signerID == reviewer.id && reviewed.deviceID == device && reviewed.meaning == "review")

        // The reviewer signs out; the tester's session on the same phone goes on.
        _ = try await fx.client.call(IdentityMethods.logout, .init(), options: .init(accessToken: second.accessToken, deviceID: device))
        #expect(try await me(first.accessToken) == tester.id)
    }
}
