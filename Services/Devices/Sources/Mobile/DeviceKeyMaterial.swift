import Crypto
import Foundation
import Messaging
import Persistence
import RPCCore

/// A device's ECDSA P-256 public key as the platform stores it: X9.63 bytes, a fingerprint and an id derived from it.
struct DeviceKeyMaterial: Sendable, Equatable {
    let x963: Data
    var fingerprint: String { SHA256.hash(data: x963).hexEncoded }
    var id: String { "dk-" + fingerprint.prefix(16) }

    /// Accepts X9.63 or DER SubjectPublicKeyInfo, as iOS and Android export them.
    init(_ bytes: Data) throws {
        if let key = try? P256.Signing.PublicKey(x963Representation: bytes) {
            x963 = key.x963Representation
        } else if let key = try? P256.Signing.PublicKey(derRepresentation: bytes) {
            x963 = key.x963Representation
        } else {
            throw RPCError.invalidArgument("设备公钥必须是 ECDSA P-256（X9.63 或 DER 格式）", reason: "DEVICE_KEY_INVALID", details: ["field": "publicKey"])
        }
    }

    /// Checks a DER or raw (r‖s) ECDSA signature over `message`.
    func verifies(_ signature: Data, of message: Data) -> Bool {
        guard let key = try? P256.Signing.PublicKey(x963Representation: x963) else { return false }
        if let der = try? P256.Signing.ECDSASignature(derRepresentation: signature), key.isValidSignature(der, for: message) { return true }
        if let raw = try? P256.Signing.ECDSASignature(rawRepresentation: signature), key.isValidSignature(raw, for: message) { return true }
        return false
    }

    /// What the current key signs to hand over to a new one.
    static func rotationProofText(deviceID: String, newKey: DeviceKeyMaterial) -> Data {
        Data("metrology-device-key-rotation-v1\n\(deviceID)\n\(newKey.fingerprint)".utf8)
    }
}
