import Crypto
import Foundation
import RPCCore
import Testing

@testable import IdentityService

/// The review's small findings: assertion fields capped before parsing, a WebAuthn receipt that names no device key,
/// and a counter refusal that names its credential for the audit entry written after the rollback.
@Suite struct WebAuthnHardeningTests {
    let verifier = SoftwareAuthenticator.verifier
    let challenge = Data("metrology-signature-challenge-v1\nexample".utf8)

    @Test("authenticatorData over 16 KiB: IDENTITY_WEBAUTHN_AUTHENTICATOR_DATA_INVALID before the client data is even read")
    func authenticatorDataCapped() throws {
        var authenticator = SoftwareAuthenticator()
        let answer = try authenticator.assertion(challenge: challenge)
        let huge = answer.authenticatorData + Data(repeating: 0xA0, count: WebAuthnVerifier.maxAssertionFieldLength)
        // Client data that is not JSON: without the cap, the refusal would be IDENTITY_WEBAUTHN_CLIENT_DATA_INVALID.
        #expect(
            refusal {
                _ = try verifier.verifyAssertion(
                    clientDataJSON: Data("{".utf8), authenticatorData: huge, signature: answer.signature, challenge: challenge,
                    publicKey: authenticator.key.publicKey.x963Representation, storedSignCount: 0)
            } == "IDENTITY_WEBAUTHN_AUTHENTICATOR_DATA_INVALID")
    }

    @Test("a signature over 16 KiB: IDENTITY_WEBAUTHN_SIGNATURE_INVALID before anything is parsed")
    func signatureCapped() throws {
        var authenticator = SoftwareAuthenticator()
        let answer = try authenticator.assertion(challenge: challenge)
        #expect(
            refusal {
                _ = try verifier.verifyAssertion(
                    clientDataJSON: Data("{".utf8), authenticatorData: answer.authenticatorData,
                    signature: Data(repeating: 0x30, count: WebAuthnVerifier.maxAssertionFieldLength + 1), challenge: challenge,
                    publicKey: authenticator.key.publicKey.x963Representation, storedSignCount: 0)
            } == "IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
        // At the cap, the usual order holds (client data first).
        #expect(
            refusal {
                _ = try verifier.verifyAssertion(
                    clientDataJSON: Data("{".utf8), authenticatorData: answer.authenticatorData,
                    signature: Data(repeating: 0x30, count: WebAuthnVerifier.maxAssertionFieldLength), challenge: challenge,
                    publicKey: authenticator.key.publicKey.x963Representation, storedSignCount: 0)
            } == "IDENTITY_WEBAUTHN_CLIENT_DATA_INVALID")
    }

    @Test("a WebAuthn receipt names no device key (the device key signed nothing); a device-key receipt names its key")
    func receiptKey() {
        #expect(SignatureHandlers.receiptKey(deviceKeyID: "dk-1", credential: "cred-1") == "")
        #expect(SignatureHandlers.receiptKey(deviceKeyID: "dk-1", credential: nil) == "dk-1")
    }

    @Test("the counter refusal keeps its code and names the credential, device and stored counter for the audit")
    func counterNamed() {
        let error = WebAuthnRefusal.counter(credential: "AQID", device: "dev-1", stored: 7)
        #expect(error.reason == "IDENTITY_WEBAUTHN_COUNTER")
        #expect(error.code == .permissionDenied)
        #expect(error.details == ["credential": "AQID", "device": "dev-1", "storedSignCount": "7"])
    }
}
