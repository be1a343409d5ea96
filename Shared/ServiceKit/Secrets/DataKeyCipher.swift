public import Crypto
public import Foundation
import RPCCore
public import ServiceBootstrap

/// Encrypts a service's secrets at rest (AES-256-GCM) with a key derived, per purpose, from the service's data key:
/// 32 random bytes in its environment (`METROLOGY_<SERVICE>_DATA_KEY`), never in the database. A dump of the schema
/// alone then gives away no private key; losing the data key loses what it sealed, so it is backed up with the database.
public struct DataKeyCipher: Sendable {
    private let key: SymmetricKey
    private let service: String

    public init(dataKey: SymmetricKey, service: String, purpose: String) {
        self.service = service
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("metrology.\(service).\(purpose)".utf8), outputByteCount: 32)
    }

    /// Nonce ‖ ciphertext ‖ tag.
    public func seal(_ plaintext: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else {
            throw RPCError(code: .internal, message: "加密失败", reason: "\(service.uppercased())_ENCRYPTION_FAILED")
        }
        return combined
    }

    /// Refuses data sealed under another key (a wrong or rotated data key) instead of returning garbage.
    public func open(_ sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw RPCError(code: .internal, message: "密钥数据无法解密，请检查数据密钥配置", reason: "\(service.uppercased())_DECRYPTION_FAILED")
        }
    }

    /// The service's data key from `METROLOGY_<SERVICE>_DATA_KEY` (base64 of 32 bytes); required, like every secret.
    public static func dataKey(service: String, environment: EnvironmentReader = EnvironmentReader()) throws -> SymmetricKey {
        let name = "METROLOGY_\(service.uppercased())_DATA_KEY"
        guard let encoded = environment.optional(name), let key = Data(base64Encoded: encoded), key.count == 32 else {
            throw ConfigurationError("\(name) must be set to base64 of 32 random bytes (e.g. `head -c 32 /dev/urandom | base64`)")
        }
        return SymmetricKey(data: key)
    }
}
