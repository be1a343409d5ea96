/// Follows the feed from the stored cursor: reads a page, verifies every entry, appends the verified ones and then
/// stores the page's cursor (the order `FeedStateStore` relies on). A bad entry or a broken order stops it; what was
/// verified before the bad entry is appended (as after a kill, the cursor stays put and a later run skips it).
public final class FeedFollower {
    public struct Options: Sendable, Equatable {
        /// Entries per page, 1…500.
        public var limit: Int
        /// Keep polling after catching up (every `interval`), retrying transient errors with backoff; otherwise stop
        /// once caught up and stop at the first error.
        public var follow: Bool
        public var interval: Duration
        /// The longest wait between retries of a failing request.
        public var maxBackoff: Duration

        public init(limit: Int = 100, follow: Bool = false, interval: Duration = .seconds(5), maxBackoff: Duration = .seconds(60)) {
            self.limit = limit
            self.follow = follow
            self.interval = interval
            self.maxBackoff = maxBackoff
        }
    }

    /// What one page did.
    public struct Step: Sendable, Equatable {
        public var served = 0
        public var appended = 0
        /// Entries already stored by a run killed before it stored the cursor.
        public var skipped = 0
        public var last: Int64 = 0

        public init(served: Int = 0, appended: Int = 0, skipped: Int = 0, last: Int64 = 0) {
            self.served = served
            self.appended = appended
            self.skipped = skipped
            self.last = last
        }
    }

    let source: any FeedSource
    public let store: FeedStateStore
    let log: @Sendable (String) -> Void
    private var keys: FeedKeySet?

    public init(source: any FeedSource, store: FeedStateStore, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.source = source
        self.store = store
        self.log = log
    }

    /// Until caught up (or, with `follow`, until an error that waiting cannot cure).
    public func run(_ options: Options) async throws(FeedConsumerError) {
        var backoff = Duration.seconds(1)
        // Cancellation ends the loop (the sleeps below would otherwise return at once and spin).
        while !Task.isCancelled {
            let step: Step
            do {
                step = try await self.step(limit: options.limit)
                backoff = .seconds(1)
            } catch  where options.follow && error.isRetryable {
                log("\(error.code): \(error.message)；\(backoff) 后重试")
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, options.maxBackoff)
                continue
            }
            if step.served > 0 {
                log("已保存 \(step.appended) 条（至序号 \(step.last)）" + (step.skipped > 0 ? "，跳过此前已保存的 \(step.skipped) 条" : ""))
            }
            if step.served < options.limit {
                guard options.follow else { return }
                try? await Task.sleep(for: options.interval)
            }
        }
    }

    /// One page from the stored cursor.
    public func step(limit: Int) async throws(FeedConsumerError) -> Step {
        if keys == nil { keys = try await source.keys() }
        let page = try await source.page(after: store.cursor.cursor, limit: limit)
        var step = Step(served: page.entries.count)
        guard !page.entries.isEmpty else { return step }
        var previous = store.cursor.sequence
        var verified: [VerifiedEntry] = []
        do throws(FeedConsumerError) {
            for served in page.entries {
                guard served.sequence > previous else { throw .orderBroken(served.sequence, after: previous) }
                previous = served.sequence
                if served.sequence <= store.lastStoredSequence {
                    // Stored by a run killed before its cursor: the feed must serve the very same bytes again.
                    guard store.storedBeyondCursor[served.sequence] == served.jws else { throw .replayMismatch(served.sequence) }
                    step.skipped += 1
                    continue
                }
                verified.append(try await verify(served))
            }
        } catch {
            try store.append(verified)
            throw error
        }
        try store.append(verified)
        try store.commit(.init(cursor: page.nextCursor, sequence: previous))
        step.appended = verified.count
        step.last = previous
        return step
    }

    /// Verifies with the keys fetched at start; an unknown key id fetches the JWKS once more (the institution may
    /// have added a key since), and is refused if it is still unknown.
    private func verify(_ served: FeedPage.ServedEntry) async throws(FeedConsumerError) -> VerifiedEntry {
        let current = try await currentKeys()
        do {
            return try EntryVerifier.verify(served, keys: current)
        } catch  where error.code == "FEED_KEY_UNKNOWN" {
            let refreshed = try await source.keys()
            keys = refreshed
            return try EntryVerifier.verify(served, keys: refreshed)
        }
    }

    private func currentKeys() async throws(FeedConsumerError) -> FeedKeySet {
        if let keys { return keys }
        let fetched = try await source.keys()
        keys = fetched
        return fetched
    }
}
