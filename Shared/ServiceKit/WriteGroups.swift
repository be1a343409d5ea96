/// Forms groups of concurrent calls that would wait on the same thing (a counter row), so they can be committed in
/// one transaction (`IdempotentWriter.together`).
///
/// The first call of a key runs at once, as a group of one: a lone call waits for nobody. Calls that arrive while a
/// group of their key runs queue up, and when it ends the next group takes all of them (up to `limit`), in arrival
/// order. Under load the groups grow by themselves; nothing waits on a timer.
///
/// A group that runs longer than `lease` no longer holds the key back (a query that never returns — a connection
/// lost in a PostgreSQL restart — must not stop every later call of the key): the next group starts and waits on
/// whatever the database serialises, as calls without the groups would.
public actor WriteGroups<Key: Hashable & Sendable, Item: Sendable> {
    /// The replies of one group, one per item in the items' order; nil for an item the group did not do (the caller
    /// then runs it alone).
    public typealias Run = @Sendable ([Item]) async -> [[UInt8]?]

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<[UInt8]?, Never>
    }

    private let lease: Duration
    private let limit: Int
    private let run: Run
    private var running: [Key: UInt64] = [:]
    private var queues: [Key: [Waiter]] = [:]
    private var generation: UInt64 = 0

    public init(lease: Duration = .seconds(5), limit: Int = 64, run: @escaping Run) {
        self.lease = lease
        self.limit = max(1, limit)
        self.run = run
    }

    /// The item's reply from the group it ran in, or nil when the group did not do it.
    public func submit(_ item: Item, key: Key) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            queues[key, default: []].append(Waiter(item: item, continuation: continuation))
            if running[key] == nil { startNext(key) }
        }
    }

    /// How many calls of a key wait for the next group, and whether a group runs (for tests).
    public func state(_ key: Key) -> (running: Bool, waiting: Int) { (running[key] != nil, queues[key]?.count ?? 0) }

    private func startNext(_ key: Key) {
        guard var queue = queues[key], !queue.isEmpty else {
            running[key] = nil
            return
        }
        let group = Array(queue.prefix(limit))
        queue.removeFirst(group.count)
        queues[key] = queue.isEmpty ? nil : queue
        generation += 1
        let ticket = generation
        running[key] = ticket
        let run = self.run
        let lease = self.lease
        Task {
            let expiry = Task {
                try await Task.sleep(for: lease)
                await self.finished(key, ticket)
            }
            let replies = await run(group.map(\.item))
            expiry.cancel()
            for (index, waiter) in group.enumerated() {
                waiter.continuation.resume(returning: index < replies.count ? replies[index] : nil)
            }
            await self.finished(key, ticket)
        }
    }

    /// Starts the next group, unless a later group started already (this one outlived its lease).
    private func finished(_ key: Key, _ ticket: UInt64) {
        guard running[key] == ticket else { return }
        running[key] = nil
        startNext(key)
    }
}
