import Auth
import Crypto
import Foundation

/// The compact JWS (RFC 7515) of one feed entry, signed EdDSA with Ed25519 (RFC 8037). The protected header is
/// written as fixed text rather than encoded from a dictionary, so the bytes a consumer verifies never depend on a
/// JSON encoder's key order; with the payload stored as signed, re-reading an entry gives identical bytes.
enum FeedJWS {
    static let contentType = "application/vnd.metrology.feed.v1+json"

    static func header(keyID: String) -> String {
        #"{"alg":"EdDSA","cty":"\#(contentType)","kid":"\#(keyID)","typ":"JOSE"}"#
    }

    static func sign(_ payload: Data, keyID: String, key: Curve25519.Signing.PrivateKey) throws -> String {
        let signingInput = Base64URL.encode(Data(header(keyID: keyID).utf8)) + "." + Base64URL.encode(payload)
        let signature = try key.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The payload of a JWS signed by one of `keys` with EdDSA; nil for anything else (another algorithm, an unknown
    /// key id, a bad signature, malformed base64url).
    static func verify(_ compact: String, keys: [String: Curve25519.Signing.PublicKey]) -> Data? {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy(isBase64URL), let headerBytes = Base64URL.decode(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any], header["alg"] as? String == "EdDSA",
            let keyID = header["kid"] as? String, let key = keys[keyID], let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        return key.isValidSignature(signature, for: signingInput) ? payload : nil
    }

    /// Only the URL-safe alphabet, no padding: a JWS with `+`, `/` or `=` is not one this feed produced.
    private static func isBase64URL(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
            }
    }
}
