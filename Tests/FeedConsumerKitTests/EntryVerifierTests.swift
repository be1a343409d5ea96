import Crypto
import FeedConsumerKit
import Foundation
import Testing

/// The checks an entry passes before it is stored: shape, algorithm, key, signature, payload equal to what was served.
@Suite struct EntryVerifierTests {
    let signer = Signer()

    func code(_ served: FeedPage.ServedEntry, keys: FeedKeySet? = nil) -> String? {
        do {
            _ = try EntryVerifier.verify(served, keys: keys ?? signer.keySet)
            return nil
        } catch { return error.code }
    }

    @Test("a good entry verifies and yields the signed payload, byte for byte")
    func good() throws {
        let served = signer.served(17)
        let verified = try EntryVerifier.verify(served, keys: signer.keySet)
        #expect(verified.payload == Signer.payload(17))
        #expect(verified.sequence == 17 && verified.type == "result" && verified.jws == served.jws)
    }

    @Test("the keys parse from the JWKS the gateway serves; a malformed Ed25519 key is refused (FEED_KEYS_INVALID)")
    func jwks() throws {
        let keys = try FeedKeySet(jwks: signer.jwks)
        #expect(keys.keys.keys.sorted() == [signer.kid])
        _ = try EntryVerifier.verify(signer.served(1), keys: keys)
        let short = Data(#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA","kid":"k","alg":"EdDSA","use":"sig"}]}"#.utf8)
        #expect(throws: FeedConsumerError.self) { try FeedKeySet(jwks: short) }
        do {
            _ = try FeedKeySet(jwks: short)
        } catch { #expect(error.code == "FEED_KEYS_INVALID") }
        // A key of another type is not an EdDSA key: ignored, so an entry naming it is refused as an unknown key.
        let rsa = Data(#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"feed-test-1"}]}"#.utf8)
        #expect(code(signer.served(1), keys: try FeedKeySet(jwks: rsa)) == "FEED_KEY_UNKNOWN")
    }

    @Test("a changed payload is refused (FEED_SIGNATURE_INVALID)")
    func changedPayload() {
        var served = signer.served(17)
        let parts = served.jws.split(separator: ".")
        let forged = Data(String(decoding: Signer.payload(17), as: UTF8.self).replacingOccurrences(of: "宜昌", with: "武汉").utf8)
        served.jws = "\(parts[0]).\(Base64URL.encode(forged)).\(parts[2])"
        served.entry = decode(forged)
        #expect(code(served) == "FEED_SIGNATURE_INVALID")
    }

    @Test("a changed signature is refused (FEED_SIGNATURE_INVALID)")
    func changedSignature() throws {
        var served = signer.served(17)
        let parts = served.jws.split(separator: ".")
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[10] ^= 0x01
        served.jws = "\(parts[0]).\(parts[1]).\(Base64URL.encode(signature))"
        #expect(code(served) == "FEED_SIGNATURE_INVALID")
        // Another key's valid signature over the same input is no better.
        served.jws = Signer(kid: signer.kid).jws(Signer.payload(17))
        #expect(code(served) == "FEED_SIGNATURE_INVALID")
    }

    @Test(
        "alg none, HMAC, RSA, ES256 or no alg at all are refused (FEED_ALGORITHM_REFUSED)",
        arguments: [#""none""#, #""HS256""#, #""RS256""#, #""ES256""#, nil])
    func otherAlgorithms(alg: String?) {
        var served = signer.served(5)
        let header = "{" + (alg.map { #""alg":\#($0),"# } ?? "") + #""kid":"\#(signer.kid)","typ":"JOSE"}"#
        served.jws = signer.jws(Signer.payload(5), header: header)
        #expect(code(served) == "FEED_ALGORITHM_REFUSED")
        // The classic `none` token: no signature at all.
        let unsigned = served.jws.split(separator: ".").prefix(2).joined(separator: ".") + "."
        served.jws = unsigned
        #expect(code(served) == "FEED_ALGORITHM_REFUSED")
    }

    @Test("an unknown kid is refused (FEED_KEY_UNKNOWN)")
    func unknownKey() {
        let other = Signer(kid: "feed-other")
        #expect(code(other.served(3)) == "FEED_KEY_UNKNOWN")
    }

    @Test("a served entry or sequence that is not the signed payload is refused (FEED_PAYLOAD_MISMATCH)")
    func payloadMismatch() {
        var served = signer.served(9)
        served.entry = decode(Signer.payload(10))
        #expect(code(served) == "FEED_PAYLOAD_MISMATCH")
        served = signer.served(9)
        served.sequence = 8
        #expect(code(served) == "FEED_PAYLOAD_MISMATCH")
        served = signer.served(9)
        served.type = "correction"
        #expect(code(served) == "FEED_PAYLOAD_MISMATCH")
    }

    @Test("the gateway's re-encoding of the entry (other key order, escapes) is the same value")
    func reencodedEntry() throws {
        var served = signer.served(12)
        let reencoded = #"{"type":"result","sequence":12.0,"schemaVersion":1,"customer":{"regionCode":"420502","name":"\u5b9c\u660c某加油站"}}"#
        served.entry = decode(Data(reencoded.utf8))
        _ = try EntryVerifier.verify(served, keys: signer.keySet)
        #expect(decode(Data("[1,true,null,2.5]".utf8)) == .array([.integer(1), .bool(true), .null, .double(2.5)]))
    }

    @Test(
        "malformed compact serialisations are refused (FEED_JWS_MALFORMED)",
        arguments: ["", "a.b", "a.b.c.d", "eyJhbGciOiJFZERTQSJ9.e30.AA==", "!!.e30.AA"])
    func malformed(jws: String) {
        var served = signer.served(1)
        served.jws = jws
        #expect(code(served) == "FEED_JWS_MALFORMED")
    }

    @Test("a header with crit (an extension this verifier does not implement) is refused")
    func critical() {
        var served = signer.served(2)
        served.jws = signer.jws(Signer.payload(2), header: #"{"alg":"EdDSA","b64":false,"crit":["b64"],"kid":"\#(signer.kid)"}"#)
        #expect(code(served) == "FEED_JWS_MALFORMED")
    }
}
