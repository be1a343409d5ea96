import Contracts
import Crypto
import Foundation
import Logging
import Messaging
import PostgresNIO

/// Runs a write at most once per message id and remembers its outcome, so a retried or redelivered call returns
/// the first execution's reply instead of changing data twice.
///
/// The outcome row is claimed at the start of the write's own transaction: a duplicate arriving while the first
/// execution is still running blocks on the row's unique key, and once the first commits it reads the stored
/// outcome. If the first rolls back, the duplicate runs. Deterministic failures (validation, not found, …) are
/// stored too; transient ones (INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED) are not, since nothing was committed.
public struct IdempotentWriter: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    private struct AlreadyHandled: Error {}

    public func once(
        messageID: String, method: String, request: [UInt8], logger: Logger,
        _ body: (PostgresConnection) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        let requestHash = Data(SHA256.hash(data: request))
        if let stored = try await storedOutcome(messageID: messageID, logger: logger) {
            return try stored.replay(expecting: requestHash)
        }
        do {
            return try await client.transaction(logger: logger) { connection in
                let claimed = try await connection.query(
                    """
                    INSERT INTO rpc_outcomes (message_id, method, request_hash) VALUES (\(messageID), \(method), \(requestHash))
                    ON CONFLICT (message_id) DO NOTHING RETURNING 1
                    """, logger: logger)
                var claimedRow = false
                for try await _ in claimed { claimedRow = true }
                guard claimedRow else { throw AlreadyHandled() }
                let payload = try await body(connection)
                try await connection.query(
                    "UPDATE rpc_outcomes SET status_code = 0, payload = \(Data(payload)) WHERE message_id = \(messageID)", logger: logger)
                return payload
            }
        } catch is AlreadyHandled {
            guard let stored = try await storedOutcome(messageID: messageID, logger: logger) else {
                throw RPCError(code: .aborted, message: "请求正在处理中，请稍后重试", reason: "IN_PROGRESS")
            }
            return try stored.replay(expecting: requestHash)
        } catch let error as RPCError where Self.isDeterministic(error.code) {
            let status: Data = try error.status.serializedData()
            try await client.query(
                """
                INSERT INTO rpc_outcomes (message_id, method, request_hash, status_code, status)
                VALUES (\(messageID), \(method), \(requestHash), \(error.code.rawValue), \(status)) ON CONFLICT (message_id) DO NOTHING
                """, logger: logger)
            throw error
        }
    }

    static func isDeterministic(_ code: RPCCode) -> Bool {
        ![RPCCode.internal, .unavailable, .deadlineExceeded, .aborted, .cancelled, .unknown].contains(code)
    }

    struct StoredOutcome {
        var requestHash: Data
        var statusCode: Int32
        var status: Data?
        var payload: Data?

        func replay(expecting hash: Data) throws -> [UInt8] {
            guard hash == requestHash else {
                throw RPCError.invalidArgument("同一个幂等键已用于另一个不同的请求", reason: "IDEMPOTENCY_KEY_REUSED")
            }
            if statusCode == 0 { return Array(payload ?? Data()) }
            let decoded = (try? Metrology_Common_V1_Status(serializedBytes: status ?? Data())) ?? RPCError.internal.status
            throw RPCError(status: decoded)
        }
    }

    func storedOutcome(messageID: String, logger: Logger) async throws -> StoredOutcome? {
        let rows = try await client.query(
            "SELECT request_hash, status_code, status, payload FROM rpc_outcomes WHERE message_id = \(messageID) AND status_code IS NOT NULL",
            logger: logger)
        for try await (hash, code, status, payload) in rows.decode((Data, Int32, Data?, Data?).self) {
            return StoredOutcome(requestHash: hash, statusCode: code, status: status, payload: payload)
        }
        return nil
    }

    /// Forgets outcomes older than `age`; a retry after that long is a new request.
    public func prune(olderThan age: Duration, logger: Logger) async throws {
        let seconds = Int(age.components.seconds)
        try await client.query("DELETE FROM rpc_outcomes WHERE created_at < now() - make_interval(secs => \(seconds))", logger: logger)
        try await client.query("DELETE FROM delivery_attempts WHERE last_seen < now() - make_interval(secs => \(seconds))", logger: logger)
    }
}
