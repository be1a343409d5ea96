import Crypto
import Foundation
import Messaging

/// Encrypts resident ID numbers at rest (AES-256-GCM) and computes a keyed index (HMAC-SHA256) that finds duplicates
/// without decrypting. Both keys derive from one data key in configuration, never stored in the database.
struct SensitiveDataCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let indexKey: SymmetricKey

    init(dataKey: SymmetricKey) {
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("metrology.identity.id-number.encryption".utf8), outputByteCount: 32)
        indexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("metrology.identity.id-number.index".utf8), outputByteCount: 32)
    }

    func seal(_ text: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(text.utf8), using: encryptionKey).combined else {
            throw RPCError(code: .internal, message: "加密失败", reason: "IDENTITY_ENCRYPTION_FAILED")
        }
        return combined
    }

    func open(_ sealed: Data) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: encryptionKey), as: UTF8.self)
        } catch {
            throw RPCError(code: .internal, message: "敏感数据无法解密，请检查数据密钥配置", reason: "IDENTITY_DECRYPTION_FAILED")
        }
    }

    func index(_ text: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: indexKey))
    }
}
