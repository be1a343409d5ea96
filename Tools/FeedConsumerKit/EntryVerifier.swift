import Crypto
import Foundation

/// Checks one served entry against the published keys, in the order that gives the most useful refusal: the JWS's
/// shape, its algorithm (EdDSA only: `none` or an HMAC algorithm would let anyone who knows the public key forge an
/// entry), its key, its signature, and last that the signed payload is the `entry` and `sequence` served beside it (a
/// consumer that stored the unsigned copy would otherwise keep what nobody signed).
public enum EntryVerifier {
    public static func verify(_ served: FeedPage.ServedEntry, keys: FeedKeySet) throws(FeedConsumerError) -> VerifiedEntry {
        let sequence = served.sequence
        let parts = served.jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            case .object(let header)? = try? JSONDecoder().decode(JSONValue.self, from: headerBytes)
        else { throw .jwsMalformed(sequence) }
        // Before the signature's shape: an unsigned `alg: none` token is refused for what it is.
        guard case .string(let algorithm)? = header["alg"], algorithm == "EdDSA" else {
            throw .algorithmRefused(sequence, header["alg"]?.string ?? "（无）")
        }
        guard !parts[2].isEmpty, let signature = Base64URL.decode(parts[2]) else { throw .jwsMalformed(sequence) }
        // RFC 7515 §4.1.11: an extension this verifier does not implement must not be ignored; it implements none.
        guard header["crit"] == nil else { throw .jwsMalformed(sequence) }
        guard case .string(let kid)? = header["kid"] else { throw .keyUnknown(sequence, "") }
        guard let key = keys.keys[kid] else { throw .keyUnknown(sequence, kid) }
        guard key.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)) else { throw .signatureInvalid(sequence) }

        guard let signed = try? JSONDecoder().decode(JSONValue.self, from: payload), case .object = signed else {
            throw .payloadMismatch(sequence, "载荷不是 JSON 对象")
        }
        guard signed["sequence"]?.int64 == sequence else { throw .payloadMismatch(sequence, "sequence") }
        guard signed["type"]?.string == served.type else { throw .payloadMismatch(sequence, "type") }
        guard signed == served.entry else { throw .payloadMismatch(sequence, "entry") }
        return VerifiedEntry(sequence: sequence, type: served.type, jws: served.jws, payload: payload)
    }
}
