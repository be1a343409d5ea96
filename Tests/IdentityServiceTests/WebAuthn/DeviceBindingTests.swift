import Crypto
import Foundation
import RPCCore
import Testing

@testable import IdentityService

/// A registration is bound to the session's device: the device key signs the registration challenge followed by the
/// credential id (review finding: a session token alone could register a software authenticator).
@Suite struct DeviceBindingTests {
    let challenge = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
    let device = P256.Signing.PrivateKey()
    let authenticator = SoftwareAuthenticator()

    func check(_ signature: Data, credentialID: Data? = nil) throws {
        try DeviceBinding.check(
            signature, challenge: challenge, credentialID: credentialID ?? authenticator.credentialID,
            deviceKey: device.publicKey.x963Representation)
    }

    @Test("the device key's signature over challenge ‖ credential id is accepted, raw r‖s and DER")
    func accepted() throws {
        try check(try authenticator.deviceSignature(challenge: challenge, deviceKey: device, raw: true))
        try check(try authenticator.deviceSignature(challenge: challenge, deviceKey: device, raw: false))
    }

    @Test("no device signature: IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED (400)")
    func missing() {
        #expect(refusal { try check(Data()) } == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED")
        #expect(WebAuthnRefusal.deviceSignatureRequired.code == .invalidArgument)
    }

    @Test("signed by another key (a software authenticator's own, a stolen token's holder): IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID (401)")
    func otherKey() throws {
        let attacker = P256.Signing.PrivateKey()
        #expect(
            refusal { try check(try authenticator.deviceSignature(challenge: challenge, deviceKey: attacker)) }
                == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
        #expect(WebAuthnRefusal.deviceSignatureInvalid.code == .unauthenticated)
    }

    @Test("a device signature for another credential id or another challenge: IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
    func otherMessage() throws {
        let signature = try authenticator.deviceSignature(challenge: challenge, deviceKey: device)
        #expect(refusal { try check(signature, credentialID: Data(repeating: 9, count: 16)) } == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
        let challengeOnly = try device.signature(for: challenge).rawRepresentation
        #expect(refusal { try check(challengeOnly) } == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
        let otherChallenge = try SoftwareAuthenticator().deviceSignature(challenge: Data(repeating: 1, count: 32), deviceKey: device)
        #expect(refusal { try check(otherChallenge) } == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
        #expect(refusal { try check(Data(repeating: 0x30, count: 70)) } == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
    }
}
