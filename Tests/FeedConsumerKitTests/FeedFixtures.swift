import Crypto
import FeedConsumerKit
import Foundation

/// Signed entries and a feed in memory, made the way the reports service makes them (Services/Reports/Sources/Feed):
/// a fixed protected header, the payload as sorted-key JSON, Ed25519 over `header.payload`.
struct Signer {
    let kid: String
    let key = Curve25519.Signing.PrivateKey()

    init(kid: String = "feed-test-1") { self.kid = kid }

    var keySet: FeedKeySet { FeedKeySet(keys: [kid: key.publicKey]) }

    /// The JWKS document the gateway would serve for this key.
    var jwks: Data {
        Data(
            #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"\#(Base64URL.encode(key.publicKey.rawRepresentation))","kid":"\#(kid)","alg":"EdDSA","use":"sig"}]}"#
                .utf8)
    }

    static func payload(_ sequence: Int64, type: String = "result") -> Data {
        Data(#"{"customer":{"name":"宜昌某加油站","regionCode":"420502"},"schemaVersion":1,"sequence":\#(sequence),"type":"\#(type)"}"#.utf8)
    }

    func jws(_ payload: Data, header: String? = nil) -> String {
        let header = header ?? #"{"alg":"EdDSA","cty":"application/vnd.metrology.feed.v1+json","kid":"\#(kid)","typ":"JOSE"}"#
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        // Signing with a fresh in-memory key cannot fail.
        let signature = (try? key.signature(for: Data(input.utf8))) ?? Data()
        return input + "." + Base64URL.encode(signature)
    }

    /// An entry as the gateway serves it: the JWS and its payload decoded beside it.
    func served(_ sequence: Int64, type: String = "result") -> FeedPage.ServedEntry {
        let payload = Self.payload(sequence, type: type)
        return FeedPage.ServedEntry(sequence: sequence, type: type, jws: jws(payload), entry: decode(payload))
    }
}

func decode(_ data: Data) -> JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null }

/// A feed in memory with the pull API's semantics: cursor "c<sequence>", an empty page answers the cursor sent. It
/// records every call; `keySets` are answered in turn (the last one repeatedly), to test the refetch of the JWKS.
actor FakeFeed: FeedSource {
    var entries: [FeedPage.ServedEntry]
    var keySets: [FeedKeySet]
    private(set) var keyCalls = 0
    private(set) var pageCalls: [String] = []

    init(entries: [FeedPage.ServedEntry], keySets: [FeedKeySet]) {
        self.entries = entries
        self.keySets = keySets
    }

    func page(after cursor: String, limit: Int) async throws(FeedConsumerError) -> FeedPage {
        pageCalls.append(cursor)
        let after = cursor.isEmpty ? 0 : Int64(cursor.dropFirst()) ?? 0
        let page = Array(entries.filter { $0.sequence > after }.prefix(limit))
        return FeedPage(entries: page, nextCursor: page.last.map { "c\($0.sequence)" } ?? cursor)
    }

    func keys() async throws(FeedConsumerError) -> FeedKeySet {
        keyCalls += 1
        return keySets[min(keyCalls - 1, keySets.count - 1)]
    }

    func replace(_ sequence: Int64, with entry: FeedPage.ServedEntry) {
        entries = entries.map { $0.sequence == sequence ? entry : $0 }
    }
}

/// A fresh, empty state folder under the temporary directory.
func temporaryFolder(_ name: String = #function) -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "feed-consumer-\(name.filter(\.isLetter).prefix(24))-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.removeItem(at: folder)
    return folder
}
