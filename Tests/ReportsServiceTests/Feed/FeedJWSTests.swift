import Foundation
import RPCCore
import Testing

@testable import ReportsService

@Suite struct FeedJWSTests {
    let signer = FeedKeyRing.Signer.generate(keyID: "feed-test")
    let payload = Data(#"{"schemaVersion":1,"sequence":7,"type":"result"}"#.utf8)

    @Test("A signed entry verifies and gives back its payload byte for byte; signing again gives the same JWS (Ed25519 is deterministic)")
    func roundTrip() throws {
        let jws = try signer.sign(payload)
        #expect(FeedJWS.verify(jws, keys: signer.verificationKeys) == payload)
        #expect(try signer.sign(payload) == jws)
        let header = try #require(jws.split(separator: ".").first)
        #expect(
            String(decoding: try #require(Base64URLDecoding.decode(header)), as: UTF8.self)
                == #"{"alg":"EdDSA","cty":"application/vnd.metrology.feed.v1+json","kid":"feed-test","typ":"JOSE"}"#)
    }

    @Test("A changed payload, another key, an unknown kid or a malformed JWS does not verify")
    func refusals() throws {
        let jws = try signer.sign(payload)
        let parts = jws.split(separator: ".").map(String.init)
        let forged = try signer.sign(Data(#"{"schemaVersion":1,"sequence":8,"type":"result"}"#.utf8)).split(separator: ".").map(String.init)
        // The signature of one payload over another's bytes.
        #expect(FeedJWS.verify("\(parts[0]).\(forged[1]).\(parts[2])", keys: signer.verificationKeys) == nil)
        let other = FeedKeyRing.Signer.generate(keyID: "feed-test")
        #expect(FeedJWS.verify(jws, keys: other.verificationKeys) == nil)
        #expect(FeedJWS.verify(jws, keys: [:]) == nil)
        #expect(FeedJWS.verify(parts[0] + "." + parts[1], keys: signer.verificationKeys) == nil)
        #expect(FeedJWS.verify(jws + "=", keys: signer.verificationKeys) == nil)
        #expect(FeedJWS.verify("", keys: signer.verificationKeys) == nil)
        // alg "none" with the same kid: refused before any key is looked at.
        let none = Base64URLDecoding.encode(Data(#"{"alg":"none","kid":"feed-test"}"#.utf8))
        #expect(FeedJWS.verify("\(none).\(parts[1]).\(parts[2])", keys: signer.verificationKeys) == nil)
    }
}

/// The test's own base64url, so that it does not check the code with the code's helper.
enum Base64URLDecoding {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

@Suite struct FeedKeyRingTests {
    @Test("A stored private key that does not match its published public key is refused: REPORTS_FEED_KEY_MISMATCH")
    func mismatch() throws {
        let one = FeedKeyRing.Signer.generate(keyID: "feed-a")
        let other = FeedKeyRing.Signer.generate(keyID: "feed-b")
        let publicOne = one.publicKeyBytes
        #expect(try FeedKeyRing.signer(id: "feed-a", publicKey: publicOne, privateKey: one.privateKeyBytes).keyID == "feed-a")
        for privateKey in [other.privateKeyBytes, Data([1, 2, 3])] {
            do {
                _ = try FeedKeyRing.signer(id: "feed-a", publicKey: publicOne, privateKey: privateKey)
                Issue.record("a mismatched key was accepted")
            } catch let error as RPCError {
                #expect(error.reason == "REPORTS_FEED_KEY_MISMATCH")
            }
        }
    }
}
