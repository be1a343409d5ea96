import Crypto
import Foundation
import Testing

@testable import IdentityService

/// Assertions (WebAuthn §7.2) over a signature challenge's bytes, by a registered software authenticator.
@Suite struct WebAuthnAssertionTests {
    let verifier = SoftwareAuthenticator.verifier
    let challenge = Data("metrology-signature-challenge-v1\nexample".utf8)

    func verify(
        _ authenticator: inout SoftwareAuthenticator, stored: UInt32 = 0, step: UInt32 = 1, challenge: Data? = nil, type: String = "webauthn.get",
        publicKey: Data? = nil
    ) throws -> UInt32 {
        let answer = try authenticator.assertion(challenge: challenge ?? self.challenge, step: step, type: type)
        return try verifier.verifyAssertion(
            clientDataJSON: answer.clientDataJSON, authenticatorData: answer.authenticatorData, signature: answer.signature,
            challenge: self.challenge, publicKey: publicKey ?? authenticator.key.publicKey.x963Representation, storedSignCount: stored)
    }

    @Test("a user-verified assertion is accepted and answers the new counter")
    func accepted() throws {
        var authenticator = SoftwareAuthenticator()
        authenticator.signCount = 41
        #expect(try verify(&authenticator, stored: 41) == 42)
    }

    @Test("an authenticator without a counter (always 0) is accepted while the stored counter is 0")
    func zeroCounters() throws {
        var authenticator = SoftwareAuthenticator()
        #expect(try verify(&authenticator, stored: 0, step: 0) == 0)
    }

    @Test("a counter that did not grow: IDENTITY_WEBAUTHN_COUNTER (a cloned authenticator)", arguments: [(UInt32(5), UInt32(5)), (9, 5), (3, 0)])
    func counterReplay(stored: UInt32, presented: UInt32) {
        var authenticator = SoftwareAuthenticator()
        authenticator.signCount = presented
        #expect(refusal { _ = try verify(&authenticator, stored: stored, step: 0) } == "IDENTITY_WEBAUTHN_COUNTER")
    }

    @Test("without user verification: IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
    func noUV() {
        var authenticator = SoftwareAuthenticator()
        authenticator.userVerified = false
        #expect(refusal { _ = try verify(&authenticator) } == "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
    }

    @Test("an answer to another challenge: IDENTITY_WEBAUTHN_CHALLENGE_MISMATCH")
    func wrongChallenge() {
        var authenticator = SoftwareAuthenticator()
        #expect(refusal { _ = try verify(&authenticator, challenge: Data("other".utf8)) } == "IDENTITY_WEBAUTHN_CHALLENGE_MISMATCH")
    }

    @Test("another origin: IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED; another RP id: IDENTITY_WEBAUTHN_RP_ID_MISMATCH")
    func wrongOriginAndRP() {
        var phished = SoftwareAuthenticator()
        phished.origin = "http://localhost:9999"
        #expect(refusal { _ = try verify(&phished) } == "IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED")
        var otherRP = SoftwareAuthenticator()
        otherRP.rpID = "example.com"
        #expect(refusal { _ = try verify(&otherRP) } == "IDENTITY_WEBAUTHN_RP_ID_MISMATCH")
    }

    @Test("client data of a registration: IDENTITY_WEBAUTHN_TYPE_INVALID")
    func wrongType() {
        var authenticator = SoftwareAuthenticator()
        #expect(refusal { _ = try verify(&authenticator, type: "webauthn.create") } == "IDENTITY_WEBAUTHN_TYPE_INVALID")
    }

    @Test("signed by a key other than the stored one: IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
    func otherKey() {
        var authenticator = SoftwareAuthenticator()
        let stored = P256.Signing.PrivateKey().publicKey.x963Representation
        #expect(refusal { _ = try verify(&authenticator, publicKey: stored) } == "IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
    }

    @Test("a signature that is not DER, or authenticator data altered after signing: IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
    func tampered() throws {
        var authenticator = SoftwareAuthenticator()
        let answer = try authenticator.assertion(challenge: challenge)
        let key = authenticator.key.publicKey.x963Representation
        var altered = answer.authenticatorData
        altered[36] ^= 0x01
        for (data, signature) in [(answer.authenticatorData, Data(repeating: 1, count: 64)), (altered, answer.signature)] {
            #expect(
                refusal {
                    _ = try verifier.verifyAssertion(
                        clientDataJSON: answer.clientDataJSON, authenticatorData: data, signature: signature, challenge: challenge, publicKey: key,
                        storedSignCount: 0)
                } == "IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
        }
    }

    @Test("another person's credential, or one registered on another device: IDENTITY_WEBAUTHN_CREDENTIAL_FOREIGN")
    func foreignCredential() {
        let owner = UUID()
        let credential = IdentityStore.StoredCredential(
            id: "abc", userID: owner, deviceID: "7d0c5a6e-2f1b-4c3a-9a57-1f0e6f1d2b9c", publicKey: Data(), signCount: 0, createdAt: Date(),
            lastUsedAt: nil)
        #expect(refusal { try SignatureHandlers.checkOwner(credential, user: owner, device: "7D0C5A6E-2F1B-4C3A-9A57-1F0E6F1D2B9C") } == nil)
        #expect(
            refusal { try SignatureHandlers.checkOwner(credential, user: UUID(), device: credential.deviceID) }
                == "IDENTITY_WEBAUTHN_CREDENTIAL_FOREIGN")
        #expect(
            refusal { try SignatureHandlers.checkOwner(credential, user: owner, device: UUID().uuidString) } == "IDENTITY_WEBAUTHN_CREDENTIAL_FOREIGN"
        )
    }
}
