/// Where pages and keys come from: the gateway over HTTP (`HTTPFeedSource`), or a fake in the unit tests.
public protocol FeedSource: Sendable {
    /// The entries after `cursor` ("" from the beginning), at most `limit`.
    func page(after cursor: String, limit: Int) async throws(FeedConsumerError) -> FeedPage
    /// The published keys (JWKS).
    func keys() async throws(FeedConsumerError) -> FeedKeySet
}
