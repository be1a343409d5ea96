public import Crypto
public import Foundation

/// The published verification keys (`GET /v1/feeds/keys`), by key id. Only Ed25519 keys for EdDSA are taken; a key of
/// another type is ignored (it could never verify an entry this consumer accepts), a malformed Ed25519 key is refused.
public struct FeedKeySet: Sendable {
    public let keys: [String: Curve25519.Signing.PublicKey]

    public init(keys: [String: Curve25519.Signing.PublicKey]) {
        self.keys = keys
    }

    /// Parses a JWKS document.
    public init(jwks data: Data) throws(FeedConsumerError) {
        struct JWKS: Decodable {
            struct Key: Decodable {
                var kty: String?
                var crv: String?
                var x: String?
                var kid: String?
                var alg: String?
            }
            var keys: [Key]
        }
        guard let document = try? JSONDecoder().decode(JWKS.self, from: data) else { throw .keysInvalid("不是 JWKS 文档") }
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in document.keys where key.kty == "OKP" && key.crv == "Ed25519" && (key.alg ?? "EdDSA") == "EdDSA" {
            guard let kid = key.kid, !kid.isEmpty, let x = key.x.flatMap(Base64URL.decode), x.count == 32,
                let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
            else { throw .keysInvalid("公钥“\(key.kid ?? "")”格式错误") }
            keys[kid] = publicKey
        }
        self.keys = keys
    }
}
