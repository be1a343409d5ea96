import Foundation

/// The authenticator data of WebAuthn §6.1: the RP id hash, flags, signature counter and, at registration, the new
/// credential's id and COSE public key. Parsed by offsets checked against the length, never trusted.
struct AuthenticatorData: Sendable {
    var rpIDHash: Data
    var flags: UInt8
    var signCount: UInt32
    var attested: AttestedCredential?

    struct AttestedCredential: Sendable {
        var aaguid: Data
        var credentialID: Data
        var publicKey: CBOR
    }

    var userPresent: Bool { flags & 0x01 != 0 }
    var userVerified: Bool { flags & 0x04 != 0 }
    var hasAttestedCredential: Bool { flags & 0x40 != 0 }
    var hasExtensions: Bool { flags & 0x80 != 0 }

    /// The longest credential id WebAuthn allows (§5.8.3).
    static let maxCredentialIDLength = 1_023

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 37 else { throw WebAuthnRefusal.authenticatorDataInvalid("短于 37 字节") }
        rpIDHash = Data(bytes[0..<32])
        flags = bytes[32]
        signCount = bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }
        var offset = 37
        if flags & 0x40 != 0 {
            guard bytes.count >= offset + 18 else { throw WebAuthnRefusal.authenticatorDataInvalid("凭据数据不完整") }
            let aaguid = Data(bytes[offset..<offset + 16])
            let length = Int(bytes[offset + 16]) << 8 | Int(bytes[offset + 17])
            offset += 18
            guard length > 0, length <= Self.maxCredentialIDLength, bytes.count >= offset + length else {
                throw WebAuthnRefusal.authenticatorDataInvalid("凭据编号长度无效")
            }
            let credentialID = Data(bytes[offset..<offset + length])
            offset += length
            let key: (value: CBOR, length: Int)
            do {
                key = try CBOR.decodePrefix(Data(bytes[offset...]))
            } catch {
                throw WebAuthnRefusal.authenticatorDataInvalid("凭据公钥：\(error.reason)")
            }
            offset += key.length
            attested = AttestedCredential(aaguid: aaguid, credentialID: credentialID, publicKey: key.value)
        } else {
            attested = nil
        }
        if flags & 0x80 != 0 {
            // Extensions: one CBOR map filling the rest; checked for shape only, none is acted on.
            guard offset < bytes.count, (try? CBOR.decode(Data(bytes[offset...]))) != nil else {
                throw WebAuthnRefusal.authenticatorDataInvalid("扩展数据无效")
            }
            offset = bytes.count
        }
        guard offset == bytes.count else { throw WebAuthnRefusal.authenticatorDataInvalid("末尾有多余字节") }
    }
}
