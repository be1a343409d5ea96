/// Marks the task while it holds a database transaction open, so code that must not run there can refuse.
///
/// The rule it serves: no RPC while a write's transaction is open. A call made from inside a transaction keeps a
/// pooled connection and the rows it locked for as long as another service takes to answer (and for as long as the
/// broker is away); with every connection held by such waiters, nothing comes back. Worse, the inner write commits on
/// its own: when the outer transaction then rolls back, the inner effect stays and a retry repeats it.
/// `PostgresClient.transaction`, `PostgresConnection.transaction` and `IdempotentWriter.once` set it; `CallContext.call`
/// and `Processes.start` read it. A task-local value is inherited by child tasks, so a `async let` inside the
/// transaction is marked too.
public enum OpenTransaction {
    /// What holds the transaction (a method name or "transaction"), nil when none is open in this task.
    @TaskLocal public static var holder: String?

    /// True while the current task runs inside a database transaction.
    public static var isOpen: Bool { holder != nil }

    /// Runs `body` marked as inside a transaction (keeping the name of an outer holder).
    static func marked<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        let box = try await $holder.withValue(holder ?? "transaction", operation: { SameTask(value: try await body()) }, isolation: isolation)
        return box.value
    }
}

/// Carries a value out of `TaskLocal.withValue`, whose result is not `sending`: the operation runs in this very task
/// and nothing else sees the value in between, so handing it back is safe.
private struct SameTask<Value>: @unchecked Sendable {
    var value: Value
}
