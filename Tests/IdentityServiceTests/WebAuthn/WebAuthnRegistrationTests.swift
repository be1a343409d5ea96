import Crypto
import Foundation
import RPCCore
import Testing

@testable import IdentityService

/// Registration (WebAuthn §7.1) against a software authenticator: what is accepted, and the code of each refusal.
@Suite struct WebAuthnRegistrationTests {
    let verifier = SoftwareAuthenticator.verifier
    let challenge = Data((0..<32).map { _ in UInt8.random(in: 0...255) })

    func register(_ authenticator: SoftwareAuthenticator, format: String = "none", challenge: Data? = nil) throws -> WebAuthnVerifier.Registered {
        let (clientData, attestation) = try authenticator.registration(challenge: challenge ?? self.challenge, format: format)
        return try verifier.verifyRegistration(
            credentialID: authenticator.credentialID, clientDataJSON: clientData, attestationObject: attestation, challenge: self.challenge)
    }

    @Test("a platform authenticator with UV and attestation none registers its ES256 key")
    func registers() throws {
        let authenticator = SoftwareAuthenticator()
        let registered = try register(authenticator)
        #expect(registered.credentialID == authenticator.credentialID)
        #expect(registered.publicKey == authenticator.key.publicKey.x963Representation)
        #expect(registered.format == "none")
        #expect(registered.signCount == 0)
    }

    @Test("packed self attestation is accepted when the credential key signed it")
    func packedSelf() throws {
        #expect(try register(SoftwareAuthenticator(), format: "packed").format == "packed")
    }

    @Test("packed self attestation signed by another key: IDENTITY_WEBAUTHN_ATTESTATION_INVALID")
    func packedForged() throws {
        let authenticator = SoftwareAuthenticator()
        let other = P256.Signing.PrivateKey()
        let clientData = authenticator.clientData(type: "webauthn.create", challenge: challenge)
        let signature = try other.signature(for: authenticator.authenticatorData(attested: true) + Data(SHA256.hash(data: clientData)))
        let (_, attestation) = try authenticator.registration(
            challenge: challenge, format: "packed", statement: [(.text("alg"), .negative(6)), (.text("sig"), .bytes(signature.derRepresentation))])
        #expect(
            refusal {
                _ = try verifier.verifyRegistration(
                    credentialID: authenticator.credentialID, clientDataJSON: clientData, attestationObject: attestation, challenge: challenge)
            } == "IDENTITY_WEBAUTHN_ATTESTATION_INVALID")
    }

    @Test("an attestation format other than none or packed: IDENTITY_WEBAUTHN_ATTESTATION_UNSUPPORTED")
    func otherFormat() {
        #expect(refusal { _ = try register(SoftwareAuthenticator(), format: "tpm") } == "IDENTITY_WEBAUTHN_ATTESTATION_UNSUPPORTED")
    }

    @Test("client data from an origin not allowed: IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED")
    func wrongOrigin() {
        var authenticator = SoftwareAuthenticator()
        authenticator.origin = "https://phish.example"
        #expect(refusal { _ = try register(authenticator) } == "IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED")
    }

    @Test("authenticator data for another RP id: IDENTITY_WEBAUTHN_RP_ID_MISMATCH")
    func wrongRPID() {
        var authenticator = SoftwareAuthenticator()
        authenticator.rpID = "phish.example"
        #expect(refusal { _ = try register(authenticator) } == "IDENTITY_WEBAUTHN_RP_ID_MISMATCH")
    }

    @Test("without user verification: IDENTITY_WEBAUTHN_USER_NOT_VERIFIED (401)")
    func noUV() {
        var authenticator = SoftwareAuthenticator()
        authenticator.userVerified = false
        #expect(refusal { _ = try register(authenticator) } == "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
        #expect(WebAuthnRefusal.userNotVerified.code == .unauthenticated)
    }

    @Test("without user presence: IDENTITY_WEBAUTHN_USER_NOT_PRESENT")
    func noUP() {
        var authenticator = SoftwareAuthenticator()
        authenticator.userPresent = false
        #expect(refusal { _ = try register(authenticator) } == "IDENTITY_WEBAUTHN_USER_NOT_PRESENT")
    }

    @Test("an answer to another challenge: IDENTITY_WEBAUTHN_CHALLENGE_MISMATCH")
    func wrongChallenge() {
        #expect(
            refusal { _ = try register(SoftwareAuthenticator(), challenge: Data(repeating: 7, count: 32)) } == "IDENTITY_WEBAUTHN_CHALLENGE_MISMATCH")
    }

    @Test("client data of an assertion at registration: IDENTITY_WEBAUTHN_TYPE_INVALID")
    func wrongType() throws {
        let authenticator = SoftwareAuthenticator()
        let (_, attestation) = try authenticator.registration(challenge: challenge)
        #expect(
            refusal {
                _ = try verifier.verifyRegistration(
                    credentialID: authenticator.credentialID, clientDataJSON: authenticator.clientData(type: "webauthn.get", challenge: challenge),
                    attestationObject: attestation, challenge: challenge)
            } == "IDENTITY_WEBAUTHN_TYPE_INVALID")
    }

    @Test("client data that is not JSON: IDENTITY_WEBAUTHN_CLIENT_DATA_INVALID")
    func clientDataGarbage() throws {
        let authenticator = SoftwareAuthenticator()
        let (_, attestation) = try authenticator.registration(challenge: challenge)
        #expect(
            refusal {
                _ = try verifier.verifyRegistration(
                    credentialID: authenticator.credentialID, clientDataJSON: Data("{\"type\":".utf8), attestationObject: attestation,
                    challenge: challenge)
            } == "IDENTITY_WEBAUTHN_CLIENT_DATA_INVALID")
    }

    @Test("a credential id that is not the attested one: IDENTITY_WEBAUTHN_CREDENTIAL_ID_MISMATCH")
    func credentialIDMismatch() throws {
        let authenticator = SoftwareAuthenticator()
        let (clientData, attestation) = try authenticator.registration(challenge: challenge)
        #expect(
            refusal {
                _ = try verifier.verifyRegistration(
                    credentialID: Data(repeating: 1, count: 16), clientDataJSON: clientData, attestationObject: attestation, challenge: challenge)
            } == "IDENTITY_WEBAUTHN_CREDENTIAL_ID_MISMATCH")
    }

    @Test("a key other than ES256 on P-256: IDENTITY_WEBAUTHN_KEY_UNSUPPORTED", arguments: [(-8, 1), (-7, 2), (-257, 1)])
    func otherKey(alg: Int, crv: Int) {
        var authenticator = SoftwareAuthenticator()
        authenticator.alg = alg
        authenticator.crv = crv
        #expect(refusal { _ = try register(authenticator) } == "IDENTITY_WEBAUTHN_KEY_UNSUPPORTED")
    }

    @Test("malformed attestation objects: IDENTITY_WEBAUTHN_ATTESTATION_INVALID, never a crash")
    func malformedAttestation() throws {
        let authenticator = SoftwareAuthenticator()
        let (clientData, attestation) = try authenticator.registration(challenge: challenge)
        let deep = Data(repeating: 0x81, count: 100_000) + Data([0x00])
        let hugeBytes = Data([0xA1, 0x63]) + Data("fmt".utf8) + Data([0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        let hugeArray = Data([0x9B, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF])
        let hugeMap = Data([0xBA, 0xFF, 0xFF, 0xFF, 0xFF, 0x00])
        let cases: [Data] = [
            attestation.prefix(attestation.count / 2), attestation.prefix(1), Data(), deep, hugeBytes, hugeArray, hugeMap,
            attestation + Data([0x00]), Data([0x5F, 0x41, 0x00, 0xFF]), TestCBOR.encode(.array([.text("fmt")])),
        ]
        for bad in cases {
            #expect(
                refusal {
                    _ = try verifier.verifyRegistration(
                        credentialID: authenticator.credentialID, clientDataJSON: clientData, attestationObject: bad, challenge: challenge)
                } == "IDENTITY_WEBAUTHN_ATTESTATION_INVALID", "\(bad.prefix(8).map { String(format: "%02x", $0) })")
        }
    }

    @Test("authenticator data cut inside the credential: IDENTITY_WEBAUTHN_AUTHENTICATOR_DATA_INVALID")
    func truncatedAuthData() throws {
        let authenticator = SoftwareAuthenticator()
        let clientData = authenticator.clientData(type: "webauthn.create", challenge: challenge)
        let authData = authenticator.authenticatorData(attested: true)
        for length in [10, 40, 60, authData.count - 5] {
            let object = TestCBOR.encode(
                .map([(.text("fmt"), .text("none")), (.text("attStmt"), .map([])), (.text("authData"), .bytes(authData.prefix(length)))]))
            #expect(
                refusal {
                    _ = try verifier.verifyRegistration(
                        credentialID: authenticator.credentialID, clientDataJSON: clientData, attestationObject: object, challenge: challenge)
                } == "IDENTITY_WEBAUTHN_AUTHENTICATOR_DATA_INVALID", "cut at \(length)")
        }
    }
}
