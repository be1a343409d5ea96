/// Lets one IssueNumber per counter (rule and period) of this process at a time reach PostgreSQL.
///
/// Every number of a counter waits for that counter's row lock anyway. When 32 calls wait for it inside PostgreSQL,
/// each commit wakes every backend waiting on the holder's transaction, and all but one of them go back to sleep
/// on the next holder: on the numbering benchmark that herd cost more CPU per number than the numbering itself.
/// Waiting here instead costs a suspended task; at most one call per flows instance then waits on the row, so the
/// lock passes between instances without the herd. Waiters go in arrival order.
///
/// The gate only spares PostgreSQL work; the row lock is what keeps numbers unique and gapless. So a holder keeps
/// the gate for at most `lease`: a query that never returns (a connection lost in a PostgreSQL restart left one
/// hanging in the fault run) must not stop every later IssueNumber of the counter, and once the lease has passed the
/// next caller goes on to wait on the row lock itself, as it would without the gate.
actor CounterGate {
    private let lease: Duration
    private var holders: [String: UInt64] = [:]
    private var waiters: [String: [(ticket: UInt64, continuation: CheckedContinuation<Void, Never>)]] = [:]
    private var nextTicket: UInt64 = 0

    init(lease: Duration = .seconds(5)) {
        self.lease = lease
    }

    /// Runs `body` (in the caller's context, not on this actor) when no other call of this process holds `key`, or
    /// when the holder's lease has run out.
    nonisolated func run<T>(_ key: String, _ body: () async throws -> T) async throws -> T {
        let ticket = await acquire(key)
        let expiry = Task { [lease] in
            try await Task.sleep(for: lease)
            await self.release(key, ticket)
        }
        defer { expiry.cancel() }
        do {
            let result = try await body()
            await release(key, ticket)
            return result
        } catch {
            await release(key, ticket)
            throw error
        }
    }

    func acquire(_ key: String) async -> UInt64 {
        nextTicket += 1
        let ticket = nextTicket
        guard holders[key] != nil else {
            holders[key] = ticket
            return ticket
        }
        await withCheckedContinuation { waiters[key, default: []].append((ticket, $0)) }
        return ticket
    }

    /// Passes the key to the first waiter; a release by anyone but the current holder (its lease ran out, or it
    /// released already) changes nothing.
    func release(_ key: String, _ ticket: UInt64) {
        guard holders[key] == ticket else { return }
        guard var queue = waiters[key], !queue.isEmpty else {
            holders[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiters[key] = queue.isEmpty ? nil : queue
        holders[key] = next.ticket
        next.continuation.resume()
    }

    /// The current holder's ticket and how many wait (for tests).
    func state(_ key: String) -> (holder: UInt64?, waiting: Int) { (holders[key], waiters[key]?.count ?? 0) }
}
