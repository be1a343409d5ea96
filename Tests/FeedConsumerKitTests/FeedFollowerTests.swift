import FeedConsumerKit
import Foundation
import Testing

/// The follower's refusals: nothing past a bad entry is stored and the cursor does not move; the JWKS is fetched once
/// more for an unknown kid and only once.
@Suite struct FeedFollowerTests {
    let signer = Signer()

    func entriesFile(_ folder: URL) -> [Int64] { ((try? FeedStateStore.readAll(folder)) ?? []).map(\.sequence) }

    @Test("a bad signature mid-page stops the run (FEED_SIGNATURE_INVALID): the entries before it are kept, the cursor stays")
    func badSignature() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var entries = (1...5).map { signer.served($0) }
        entries[3].jws = Signer(kid: signer.kid).jws(Signer.payload(4))
        let feed = FakeFeed(entries: entries, keySets: [signer.keySet])
        do {
            let store = try FeedStateStore(directory: folder)
            let follower = FeedFollower(source: feed, store: store)
            #expect(try await follower.step(limit: 2).appended == 2)
            await #expect(throws: FeedConsumerError.signatureInvalid(4)) { try await follower.run(.init(limit: 3)) }
            #expect(entriesFile(folder) == [1, 2, 3])
            #expect(store.cursor == .init(cursor: "c2", sequence: 2))
        }
        #expect(FeedConsumerError.signatureInvalid(4).exitStatus == 4 && !FeedConsumerError.signatureInvalid(4).isRetryable)

        // Not retried under --follow either: a new run stops at the same entry, and stores it once it is good.
        do {
            let store = try FeedStateStore(directory: folder)
            await #expect(throws: FeedConsumerError.signatureInvalid(4)) {
                try await FeedFollower(source: feed, store: store).run(.init(limit: 3, follow: true))
            }
        }
        await feed.replace(4, with: signer.served(4))
        try await FeedFollower(source: feed, store: try FeedStateStore(directory: folder)).run(.init(limit: 3))
        #expect(entriesFile(folder) == [1, 2, 3, 4, 5])
    }

    @Test("sequences that do not strictly increase stop the run (FEED_ORDER_BROKEN)")
    func orderBroken() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FeedStateStore(directory: folder)
        // The fake filters by sequence, so a served page out of order is built by hand.
        struct Disordered: FeedSource {
            let signer: Signer
            func page(after cursor: String, limit: Int) async throws(FeedConsumerError) -> FeedPage {
                FeedPage(entries: [signer.served(1), signer.served(3), signer.served(2)], nextCursor: "c2")
            }
            func keys() async throws(FeedConsumerError) -> FeedKeySet { signer.keySet }
        }
        await #expect(throws: FeedConsumerError.orderBroken(2, after: 3)) {
            try await FeedFollower(source: Disordered(signer: signer), store: store).run(.init(limit: 10))
        }
        #expect(entriesFile(folder) == [1, 3] && store.cursor.sequence == 0)
    }

    @Test("an unknown kid fetches the JWKS once more: a key added since is used, a key still unknown is refused (FEED_KEY_UNKNOWN)")
    func keyRefetch() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rotated = Signer(kid: "feed-test-2")
        let both = FeedKeySet(keys: signer.keySet.keys.merging(rotated.keySet.keys) { first, _ in first })
        let feed = FakeFeed(entries: [signer.served(1), rotated.served(2)], keySets: [signer.keySet, both])
        let store = try FeedStateStore(directory: folder)
        try await FeedFollower(source: feed, store: store).run(.init(limit: 10))
        let keyCalls = await feed.keyCalls
        #expect(entriesFile(folder) == [1, 2] && keyCalls == 2)

        let stranger = Signer(kid: "feed-stranger")
        let unknown = FakeFeed(entries: [signer.served(1), stranger.served(2)], keySets: [signer.keySet])
        let other = temporaryFolder("unknown")
        defer { try? FileManager.default.removeItem(at: other) }
        let otherStore = try FeedStateStore(directory: other)
        await #expect(throws: FeedConsumerError.keyUnknown(2, "feed-stranger")) {
            try await FeedFollower(source: unknown, store: otherStore).run(.init(limit: 10))
        }
        let unknownKeyCalls = await unknown.keyCalls
        #expect(entriesFile(other) == [1] && otherStore.cursor.sequence == 0 && unknownKeyCalls == 2)
    }

    @Test("--follow retries a transient failure with backoff; --once stops with the feed's code")
    func retries() async throws {
        actor Flaky: FeedSource {
            let signer: Signer
            var failures: Int
            init(signer: Signer, failures: Int) {
                self.signer = signer
                self.failures = failures
            }
            func page(after cursor: String, limit: Int) async throws(FeedConsumerError) -> FeedPage {
                if failures > 0 {
                    failures -= 1
                    throw FeedConsumerError(code: "REPORTS_UNAVAILABLE", message: "暂不可用", kind: .transport(status: 503, permanent: false))
                }
                return cursor.isEmpty ? FeedPage(entries: [signer.served(1)], nextCursor: "c1") : FeedPage(entries: [], nextCursor: cursor)
            }
            func keys() async throws(FeedConsumerError) -> FeedKeySet { signer.keySet }
        }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FeedStateStore(directory: folder)
        await #expect(throws: FeedConsumerError.self) {
            try await FeedFollower(source: Flaky(signer: signer, failures: 1), store: store).run(.init())
        }
        // With --follow: two failures waited out (backoff capped at 10 ms here), then the entry is stored.
        let follower = FeedFollower(source: Flaky(signer: signer, failures: 2), store: store)
        let run = Task { try await follower.run(.init(follow: true, interval: .milliseconds(10), maxBackoff: .milliseconds(10))) }
        let stored = await eventually { entriesFile(folder) == [1] }
        run.cancel()
        #expect(stored)

        // The feed's problem document names the code; 401 is retried under --follow, a malformed request (400) is not.
        let unauthenticated = HTTPFeedSource.problem(
            status: 401, body: Data(#"{"code":"REPORTS_FEED_CONSUMER_UNAUTHENTICATED","title":"数据接收方凭据无效或已停用"}"#.utf8))
        #expect(unauthenticated.code == "REPORTS_FEED_CONSUMER_UNAUTHENTICATED" && unauthenticated.isRetryable && unauthenticated.exitStatus == 3)
        let cursor = HTTPFeedSource.problem(status: 400, body: Data(#"{"code":"REPORTS_FEED_CURSOR_INVALID"}"#.utf8))
        #expect(cursor.code == "REPORTS_FEED_CURSOR_INVALID" && !cursor.isRetryable)
        #expect(HTTPFeedSource.problem(status: 502, body: Data("<html>".utf8)).code == "FEED_HTTP_502")
    }

    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
