public import Foundation
import Logging
import Messaging
import Persistence
public import PostgresNIO
public import RPCCore

/// Durable, resumable processes: multi-step work across services (approve → number → render → seal → store) kept as
/// a row in the owning service's `processes` table (framework migration 6), not as a chain of calls a crash can cut
/// in half. A write starts one inside its own transaction; a `ProcessRunner` runs its steps.
public enum Processes {
    /// Starts a process of `kind` at its first step with `state`, inside the caller's write transaction: the process
    /// exists exactly when the write committed, and a retried write (answered from its stored outcome) starts no
    /// second one. With an `id` (say, derived from the record it works on) a second start of the same id is a no-op
    /// that returns it. Refuses outside a transaction, where a start could outlive a rolled-back write.
    @discardableResult
    public static func start(
        _ kind: ProcessKind, state: [UInt8], id: String = UUID().uuidString.lowercased(), trace: TraceContext? = nil,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> String {
        guard OpenTransaction.isOpen else {
            logger.error("a process was started outside a write's transaction", metadata: ["kind": "\(kind.name)"])
            throw RPCError(code: .internal, message: "服务内部错误：流程只能在写操作的事务中启动", reason: "PROCESS_START_OUTSIDE_TRANSACTION")
        }
        let traceparent = trace?.traceparent
        try await connection.query(
            """
            INSERT INTO processes (id, kind, step, state, trace)
            VALUES (\(id), \(kind.name), \(kind.firstStep), \(Data(state)), \(traceparent))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        return id
    }

    /// One process as stored, for tests, operators and status RPCs.
    public struct Record: Sendable, Equatable {
        public var id: String
        public var kind: String
        public var step: String
        public var state: [UInt8]
        /// `running`, `done` or `failed`.
        public var status: String
        public var attempts: Int
        public var nextRunAt: Date
        public var leaseOwner: String?
        public var leaseUntil: Date?
        /// The last failure, "<reason>: <message>"; for a failed process, why it failed.
        public var lastError: String?
    }

    public static func find(id: String, client: PostgresClient, logger: Logger) async throws -> Record? {
        let rows = try await client.query(
            """
            SELECT id, kind, step, state, status, attempts, next_run_at, lease_owner, lease_until, last_error FROM processes WHERE id = \(id)
            """, logger: logger)
        for try await (id, kind, step, state, status, attempts, next, owner, until, error) in rows.decode(
            (String, String, String, Data, String, Int32, Date, String?, Date?, String?).self)
        {
            return Record(
                id: id, kind: kind, step: step, state: Array(state), status: status, attempts: Int(attempts), nextRunAt: next, leaseOwner: owner,
                leaseUntil: until, lastError: error)
        }
        return nil
    }
}
