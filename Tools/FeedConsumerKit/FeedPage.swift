public import Foundation

/// One answer of `GET /v1/feeds/verification-results` (Docs/feed.md).
public struct FeedPage: Sendable, Decodable {
    public var entries: [ServedEntry]
    public var nextCursor: String
    public var regionPrefix: String?

    public init(entries: [ServedEntry], nextCursor: String, regionPrefix: String? = nil) {
        self.entries = entries
        self.nextCursor = nextCursor
        self.regionPrefix = regionPrefix
    }

    /// An entry as served: the signed JWS and, beside it, the payload decoded by the gateway (`entry`), which the
    /// consumer checks against what was signed rather than trusting.
    public struct ServedEntry: Sendable, Decodable {
        public var sequence: Int64
        public var type: String
        public var jws: String
        public var entry: JSONValue

        public init(sequence: Int64, type: String, jws: String, entry: JSONValue) {
            self.sequence = sequence
            self.type = type
            self.jws = jws
            self.entry = entry
        }
    }
}
