import PostgresNIO
public import RPCCore
import _ConnectionPoolModule

/// What a database error means to the caller of an RPC. A lost connection, a database restarting or shutting down,
/// or a pool that cannot connect are UNAVAILABLE: the same call may be retried (the gateway answers 503 with
/// Retry-After); nothing was committed, except when the COMMIT itself was lost, which an idempotent retry settles. A serialization failure or deadlock is ABORTED: retry the whole call. Anything else
/// (an SQL error, a constraint the code did not expect) stays INTERNAL: a retry would fail the same way.
public enum DatabaseFailure {
    static let unavailable = RPCError.unavailable("数据库暂时不可用，请稍后重试", reason: "DATABASE_UNAVAILABLE")
    static let conflict = RPCError(code: .aborted, message: "数据并发冲突，请重试", reason: "DATABASE_RETRY")

    /// SQLSTATEs the server sends when it is going away or cannot take connections.
    static let unavailableStates: Set<String> = [
        "57P01",  // admin_shutdown: `pg_ctl restart`, a fast shutdown
        "57P02",  // crash_shutdown
        "57P03",  // cannot_connect_now: starting up or in recovery
        "53300",  // too_many_connections
        "08000", "08003", "08006", "08001", "08004",  // connection exceptions
    ]
    static let retryStates: Set<String> = [
        "40001",  // serialization_failure
        "40P01",  // deadlock_detected
    ]

    /// The RPC error for a database failure, or nil when `error` is not one this knows.
    public static func rpcError(for error: any Error) -> RPCError? {
        switch error {
        case let error as PSQLError: return rpcError(for: error)
        case let error as PostgresTransactionError:
            // Unwrapped by `transaction(logger:)` when the rollback went well; here it did not (the connection is gone).
            if let closure = error.closureError, let known = rpcError(for: closure) { return known }
            if let rollback = error.rollbackError, let known = rpcError(for: rollback) { return known }
            if let begin = error.beginError { return rpcError(for: begin) }
            // COMMIT lost with its connection (the fault run saw 57P01 arrive just as a write committed): whether it
            // committed is unknown, so this is not "nothing was committed" but still a call to retry. Writes claim
            // their message id in the same transaction, so the retry either finds the stored outcome or writes once.
            if let commit = error.commitError { return rpcError(for: commit) }
            return nil
        case let error as ConnectionPoolError:
            // The pool shut down (the instance is stopping) or cannot connect (its circuit breaker tripped).
            return error == .requestCancelled ? nil : unavailable
        default:
            return nil
        }
    }

    static func rpcError(for error: PSQLError) -> RPCError? {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return unavailable
        case .server:
            return error.serverInfo?[.sqlState].flatMap(rpcError(sqlState:))
        default:
            return nil
        }
    }

    /// What a server error's SQLSTATE means to the caller; nil for one that is the request's or the code's fault.
    static func rpcError(sqlState state: String) -> RPCError? {
        if unavailableStates.contains(state) { return unavailable }
        if retryStates.contains(state) { return conflict }
        return nil
    }
}
