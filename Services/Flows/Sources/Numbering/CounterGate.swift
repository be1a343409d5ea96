/// Lets one IssueNumber per counter (rule and period) of this process at a time reach PostgreSQL.
///
/// Every number of a counter waits for that counter's row lock anyway. When 32 calls wait for it inside PostgreSQL,
/// each commit wakes every backend waiting on the holder's transaction, and all but one of them go back to sleep
/// on the next holder: on the numbering benchmark that herd cost more CPU per number than the numbering itself, and
/// the service ran at a third of the direct-SQL rate. Waiting here instead costs a suspended task; at most one call
/// per flows instance then waits on the row, so the lock passes between instances without the herd. Fair: waiters
/// go in arrival order.
actor CounterGate {
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var held: Set<String> = []

    /// Runs `body` (in the caller's context, not on this actor) when no other call of this process holds `key`.
    nonisolated func run<T>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    fileprivate func acquire(_ key: String) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    fileprivate func release(_ key: String) {
        guard var queue = waiters[key], !queue.isEmpty else {
            held.remove(key)
            return
        }
        // The key stays held: it passes to the first waiter.
        let next = queue.removeFirst()
        waiters[key] = queue.isEmpty ? nil : queue
        next.resume()
    }
}
