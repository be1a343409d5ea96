import Crypto
import Foundation

/// Signs access tokens as compact JWS (JWT) with Ed25519 ("EdDSA"), naming the key in `kid` so keys can rotate.
public struct TokenSigner: Sendable {
    public let keyID: String
    private let privateKey: Curve25519.Signing.PrivateKey

    public init(keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    public func sign(_ claims: AccessTokenClaims) throws -> String {
        let header = #"{"alg":"EdDSA","kid":"\#(keyID)","typ":"JWT"}"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(try encoder.encode(claims))
        let signature = try privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
