public import Crypto
import Foundation

/// Signs access tokens and signature receipts as compact JWS with Ed25519 ("EdDSA"), naming the key in `kid` so
/// keys can rotate, and the kind of payload in `typ`.
public struct TokenSigner: Sendable {
    public let keyID: String
    private let privateKey: Curve25519.Signing.PrivateKey

    public init(keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    public func sign(_ claims: AccessTokenClaims) throws -> String {
        try sign(claims, type: "JWT")
    }

    public func sign(_ receipt: SignatureReceiptClaims) throws -> String {
        try sign(receipt, type: SignatureReceiptClaims.type)
    }

    private func sign(_ payload: some Encodable, type: String) throws -> String {
        let header = #"{"alg":"EdDSA","kid":"\#(keyID)","typ":"\#(type)"}"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(try encoder.encode(payload))
        let signature = try privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
