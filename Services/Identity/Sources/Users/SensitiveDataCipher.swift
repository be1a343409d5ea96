import Crypto
import Foundation
import Messaging
import RPCCore

/// Encrypts sensitive data at rest (AES-256-GCM): resident ID numbers, the private halves of signing keys. For ID
/// numbers it also computes a keyed index (HMAC-SHA256) that finds duplicates without decrypting. Every key derives,
/// per purpose, from one data key in configuration that is never stored in the database.
struct SensitiveDataCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let indexKey: SymmetricKey

    init(dataKey: SymmetricKey, purpose: String = "id-number") {
        encryptionKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey, info: Data("metrology.identity.\(purpose).encryption".utf8), outputByteCount: 32)
        indexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("metrology.identity.\(purpose).index".utf8), outputByteCount: 32)
    }

    func seal(_ text: String) throws -> Data {
        try seal(bytes: Data(text.utf8))
    }

    func open(_ sealed: Data) throws -> String {
        String(decoding: try open(bytes: sealed), as: UTF8.self)
    }

    func seal(bytes: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(bytes, using: encryptionKey).combined else {
            throw RPCError(code: .internal, message: "加密失败", reason: "IDENTITY_ENCRYPTION_FAILED")
        }
        return combined
    }

    func open(bytes sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: encryptionKey)
        } catch {
            throw RPCError(code: .internal, message: "敏感数据无法解密，请检查数据密钥配置", reason: "IDENTITY_DECRYPTION_FAILED")
        }
    }

    func index(_ text: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: indexKey))
    }
}
