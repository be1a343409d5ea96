import Auth
import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import ServiceKit
import Testing

/// The signature ceremony end to end: a device key, a challenge bound to user, meaning, resource and digest, the
/// device's ECDSA signature, and a receipt any service verifies offline.
@Suite("Identity: signatures", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentitySignatureTests {
    struct Signer {
        let fx: IdentityFixtures
        let user: Metrology_Identity_V1_User
        var token: String
        let device: String
        var key: P256.Signing.PrivateKey

        /// The device replaces its key, proving it holds the current one.
        func rotate(to newKey: P256.Signing.PrivateKey) async throws -> Metrology_Devices_V1_Device {
            let fingerprint = SHA256.hash(data: newKey.publicKey.x963Representation).map { String(format: "%02x", $0) }.joined()
            var request = Metrology_Devices_V1_RotateDeviceKeyRequest()
            request.deviceID = device
            request.newPublicKey = newKey.publicKey.x963Representation
            request.proof = try key.signature(for: Data("metrology-device-key-rotation-v1\n\(device)\n\(fingerprint)".utf8)).derRepresentation
            return try await fx.client.call(DevicesMethods.rotateDeviceKey, request, options: .init(accessToken: token, deviceID: device))
        }

        func challenge(
            _ digest: String, meaning: String = "verification", resource: String = "records/r-1"
        ) async throws
            -> Metrology_Identity_V1_SignatureChallenge
        {
            var request = Metrology_Identity_V1_CreateSignatureChallengeRequest()
            request.meaning = meaning
            request.resource = resource
            request.digest = digest
            request.deviceID = device
            return try await fx.client.call(IdentityMethods.createSignatureChallenge, request, options: .init(accessToken: token, deviceID: device))
        }

        func complete(
            _ challenge: Metrology_Identity_V1_SignatureChallenge, digest: String, signature: Data? = nil, as other: Signer? = nil, png: Data = Data()
        ) async throws -> Metrology_Identity_V1_SignatureReceipt {
            var request = Metrology_Identity_V1_CompleteSignatureRequest()
            request.challengeID = challenge.challengeID
            request.digest = digest
            request.signature = try signature ?? key.signature(for: challenge.challenge).derRepresentation
            request.method = "fingerprint"
            request.handwritingPng = png
            // A mobile token travels with its device id, as the app sends X-Device-Id.
            return try await fx.client.call(
                IdentityMethods.completeSignature, request, options: .init(accessToken: other?.token ?? token, deviceID: other?.device ?? device))
        }
    }

    static func digest(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// A user logged in on an enrolled (enabled) device.
    func makeSigner(_ fx: IdentityFixtures, roles: [String] = ["metrologist"]) async throws -> Signer {
        let user = try await fx.createUser("signer", roles: roles)
        let device = TestDevice()
        let (session, deviceID) = try await fx.enrolledLogin(user.username, device: device)
        return Signer(fx: fx, user: user, token: session.accessToken, device: deviceID, key: device.key)
    }

    @Test("a signed challenge gives a receipt that verifies offline; replayed, wrong-digest, wrong-user and expired challenges are refused")
    func ceremony() async throws {
        let fx = try await IdentityFixtures.make("signature-ceremony")
        defer { Task { await fx.close() } }
        let signer = try await makeSigner(fx)

        let content = Self.digest("原始记录 r-1 的内容")
        let challenge = try await signer.challenge(content)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        let receipt = try await signer.complete(challenge, digest: content, png: png)
        #expect(receipt.signerID == signer.user.id)
        #expect(receipt.printedName == signer.user.displayName)
        #expect(receipt.meaning == "verification")
        #expect(receipt.digest == content)
        #expect(receipt.deviceID == signer.device)
        #expect(receipt.method == "fingerprint+handwriting")
        #expect(receipt.handwritingSha256 == SHA256.hash(data: png).map { String(format: "%02x", $0) }.joined())

        // Offline: any service needs only identity's public keys.
        let offline = ServiceRuntime.identityKeyVerifier(client: fx.client)
        // No revocation listener feeds this verifier; an empty list is the truth for this check (a service's verifier
        // refuses every token as UNAVAILABLE until its listener has loaded the list).
        offline.revocations.markLoaded()
        let claims = try await offline.verifyReceipt(receipt.receipt)
        #expect(claims.sub == signer.user.id && claims.digest == content && claims.resource == "records/r-1")
        // A receipt is not a token, and a token is not a receipt.
        _ = try await expectRPCError(.unauthenticated) { _ = try await offline.verify(receipt.receipt) }
        _ = try await expectRPCError(.invalidArgument) { _ = try await offline.verifyReceipt(signer.token) }
        // An altered receipt fails.
        var parts = receipt.receipt.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(
            Data(String(decoding: Base64URL.decode(parts[1])!, as: UTF8.self).replacingOccurrences(of: content, with: Self.digest("x")).utf8))
        let altered = try await expectRPCError(.invalidArgument) { _ = try await offline.verifyReceipt(parts.joined(separator: ".")) }
        #expect(altered.reason == "RECEIPT_BAD_SIGNATURE")

        let replay = try await expectRPCError(.failedPrecondition) { _ = try await signer.complete(challenge, digest: content) }
        #expect(replay.reason == "SIGNATURE_CHALLENGE_REPLAYED")

        let second = try await signer.challenge(content)
        let wrongDigest = try await expectRPCError(.invalidArgument) { _ = try await signer.complete(second, digest: Self.digest("别的内容")) }
        #expect(wrongDigest.reason == "SIGNATURE_DIGEST_MISMATCH")

        let other = try await makeSigner(fx)
        let wrongUser = try await expectRPCError(.permissionDenied) { _ = try await signer.complete(second, digest: content, as: other) }
        #expect(wrongUser.reason == "SIGNATURE_CHALLENGE_WRONG_USER")

        let forged = try await expectRPCError(.invalidArgument) {
            _ = try await signer.complete(
                second, digest: content, signature: P256.Signing.PrivateKey().signature(for: second.challenge).derRepresentation)
        }
        #expect(forged.reason == "SIGNATURE_INVALID")

        // Raw r‖s signatures are accepted too; the failed attempts above did not use the challenge up.
        let raw = try signer.key.signature(for: second.challenge).rawRepresentation
        #expect(try await signer.complete(second, digest: content, signature: raw).digest == content)

        // Challenges live 120 s; identity's challenge clock is moved past that instead of waiting.
        let late = try await signer.challenge(content)
        try PlatformStack.advanceChallengeClock(by: 121)
        defer { try? PlatformStack.advanceChallengeClock(by: 0) }
        let expired = try await expectRPCError(.failedPrecondition) { _ = try await signer.complete(late, digest: content) }
        #expect(expired.reason == "SIGNATURE_CHALLENGE_EXPIRED")
    }

    @Test("each meaning needs its permission, only the session's own enabled device signs, and a rotated key voids open challenges")
    func rules() async throws {
        let fx = try await IdentityFixtures.make("signature-rules")
        defer { Task { await fx.close() } }
        let signer = try await makeSigner(fx)
        let content = Self.digest("证书 c-9")
        // A mobile session signs only with its own device.
        var elsewhere = Metrology_Identity_V1_CreateSignatureChallengeRequest()
        elsewhere.meaning = "verification"
        elsewhere.resource = "records/r-2"
        elsewhere.digest = content
        elsewhere.deviceID = UUID().uuidString.lowercased()
        let foreign = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(
                IdentityMethods.createSignatureChallenge, elsewhere, options: .init(accessToken: signer.token, deviceID: signer.device))
        }
        #expect(foreign.reason == "SIGNATURE_DEVICE_MISMATCH")

        // A metrologist signs 检定, not 批准.
        let approval = try await expectRPCError(.permissionDenied) { _ = try await signer.challenge(content, meaning: "approval") }
        #expect(approval.details["permission"] == "certificates.approve")
        let meaning = try await expectRPCError(.invalidArgument) { _ = try await signer.challenge(content, meaning: "blessing") }
        #expect(meaning.reason == "SIGNATURE_MEANING_INVALID")
        let digest = try await expectRPCError(.invalidArgument) { _ = try await signer.challenge("abc") }
        #expect(digest.reason == "SIGNATURE_DIGEST_INVALID")

        let open = try await signer.challenge(content)
        var rotated = signer
        rotated.key = P256.Signing.PrivateKey()
        let device = try await signer.rotate(to: rotated.key)
        #expect(device.keyFingerprint == SHA256.hash(data: rotated.key.publicKey.x963Representation).map { String(format: "%02x", $0) }.joined())
        let stale = try await expectRPCError(.failedPrecondition) { _ = try await signer.complete(open, digest: content) }
        #expect(stale.reason == "SIGNATURE_DEVICE_KEY_ROTATED")
        let fresh = try await rotated.challenge(content)
        #expect(try await rotated.complete(fresh, digest: content).deviceID == signer.device)
        // The old key cannot rotate again: the proof must come from the current key.
        let badProof = try await expectRPCError(.invalidArgument) { _ = try await signer.rotate(to: P256.Signing.PrivateKey()) }
        #expect(badProof.reason == "DEVICE_KEY_PROOF_INVALID")
        // Nor can anyone but the device itself.
        var intruder = rotated
        intruder.token = fx.adminToken
        let notYours = try await expectRPCError(.permissionDenied) { _ = try await intruder.rotate(to: P256.Signing.PrivateKey()) }
        #expect(notYours.reason == "DEVICE_NOT_YOURS")

        // A disabled device signs nothing more.
        _ = try await fx.setDevice(signer.device, enabled: false, reason: "lost")
        let refused = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await rotated.challenge(content)
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(refused)
    }

    @Test(
        "one person signs one resource in one meaning only: a second meaning is refused at challenge time; the method is recorded as the device's claim"
    )
    func oneMeaningPerSigner() async throws {
        let fx = try await IdentityFixtures.make("signature-duties")
        defer { Task { await fx.close() } }
        let signer = try await makeSigner(fx, roles: ["metrologist", "verifier"])
        let content = Self.digest("原始记录 r-duty")
        let tested = try await signer.challenge(content, meaning: "verification", resource: "records/r-duty")
        let receipt = try await signer.complete(tested, digest: content)
        let review = try await expectRPCError(.failedPrecondition) {
            _ = try await signer.challenge(content, meaning: "review", resource: "records/r-duty")
        }
        #expect(review.reason == "SIGNATURE_DUTY_CONFLICT")
        #expect(review.details["signedAs"] == "verification")
        // Another resource is fine.
        _ = try await signer.challenge(content, meaning: "review", resource: "records/r-other")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = receipt.receiptID
        let entry = try await fx.client.call(AuditMethods.list("identity"), audit, options: .init(accessToken: fx.adminToken)).entries.first
        #expect(entry?.detailsJson.contains("\"methodAssurance\":\"claimed_by_device\"") == true)
    }
}
