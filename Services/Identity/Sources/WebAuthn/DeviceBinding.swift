import Foundation

/// Binds a WebAuthn registration to the session's enabled device: a session token alone (copied off the phone) must
/// not be enough to register a software "authenticator" and then sign as its owner. The device key, which never
/// leaves the phone's key store, signs the registration challenge followed by the raw credential id.
enum DeviceBinding {
    /// The bytes the device key signs: the registration challenge, then the raw credential id.
    static func message(challenge: Data, credentialID: Data) -> Data { challenge + credentialID }

    /// Refuses a missing signature (400) or one the device's current key did not make (401).
    static func check(_ signature: Data, challenge: Data, credentialID: Data, deviceKey: Data) throws {
        guard !signature.isEmpty else { throw WebAuthnRefusal.deviceSignatureRequired }
        guard SignatureHandlers.isValid(signature, of: message(challenge: challenge, credentialID: credentialID), key: deviceKey) else {
            throw WebAuthnRefusal.deviceSignatureInvalid
        }
    }
}
