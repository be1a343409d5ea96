/// A database call of the process runner that took longer than it ever should.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "\(what) did not finish within \(limit.components.seconds) s; cancelled" }
}

/// Runs `body` and cancels it after `limit`, throwing `DeadlineExceeded`.
///
/// Why: CI saw a certificates runner's claim wait forever after PostgreSQL restarted (the watchdog logged "claiming a
/// due process for 184 s") while every RPC of the same service used the pool normally: one lease request, made
/// while the server was shutting down, was never served. Approvals went on, certificates stayed `issuing`. A lease
/// request is cancellable in PostgresNIO, so cancelling the call frees the runner to back off and claim again.
/// Cancellation is cooperative: a body that ignores it still holds the runner, as it did before.
@discardableResult
func withDeadline<T: Sendable>(_ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: DeadlineOutcome<T>.self) { group in
        group.addTask { .done(try await body()) }
        group.addTask {
            try await Task.sleep(for: limit)
            return .late
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        switch first {
        case .done(let value): return value
        case .late: throw DeadlineExceeded(what: what, limit: limit)
        }
    }
}

/// Which of `withDeadline`'s two children finished first.
private enum DeadlineOutcome<T: Sendable>: Sendable {
    case done(T)
    case late
}
