public import Foundation

/// Runs `body` until `deadline`: when the deadline passes first, the body's task is cancelled (a handler waiting for a
/// pooled database connection stops waiting; one in a query finishes it and sees the cancellation at its next wait)
/// and DEADLINE_EXCEEDED is thrown once the body has ended.
///
/// Why a task group per call and not a check of the clock here and there: what a handler waits on (a connection from
/// the pool, a lock, another service) does not know the call's deadline, and without cancellation a handler whose
/// caller gave up long ago would still take a connection and write. The group costs two child tasks per call.
public func withDeadline<Result: Sendable>(
    _ deadline: Date, now: Date = Date(), _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let remaining = deadline.timeIntervalSince(now)
    guard remaining > 0 else { throw RPCError.deadlineExceeded("请求在处理前已超时，未执行") }
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int64(remaining * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        // The first to finish decides: the body's result or error, or nil from the timer.
        guard let first = try await group.next(), let result = first else {
            throw RPCError.deadlineExceeded("请求处理超时，已取消")
        }
        return result
    }
}
