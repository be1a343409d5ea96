import Crypto
import Foundation
public import Logging
import NIOCore
public import PostgresNIO

/// One call of a write that may be committed together with others (`IdempotentWriter.together`).
public struct WriteTicket: Sendable {
    public let key: IdempotencyKey
    /// The request as received: its digest is stored with the outcome, as for a write run alone.
    public let request: [UInt8]
    public let logger: Logger

    public init(key: IdempotencyKey, request: [UInt8], logger: Logger) {
        self.key = key
        self.request = request
        self.logger = logger
    }
}

extension IdempotentWriter {
    /// The group was not committed (a key had been claimed already: a retry or a duplicate; or the body found a call
    /// it cannot do together). Nothing of it was written; each call must be run alone, where a retry gets its stored
    /// outcome and a refusal is stored as usual.
    public struct Declined: Error {
        public init() {}
    }

    /// Group commit: several calls of one write in one transaction. Every message id is claimed in one statement,
    /// `body` does all the calls' work and returns their replies in the tickets' order, and the replies are stored
    /// in one statement, so the calls share one transaction's statements and one commit (the numbering benchmark's
    /// 32 callers wait on one counter row; together they cost PostgreSQL one commit instead of one each).
    ///
    /// Exactly-once holds as for `once`: a claimed message id commits with its stored reply, or none of the group
    /// does. Only successes are stored here; a group whose body throws leaves no trace and its calls are run alone.
    /// Confidential methods (sealed outcomes) are not grouped.
    public func together(
        _ tickets: [WriteTicket], logger: Logger, _ body: (PostgresConnection) async throws -> [[UInt8]]
    ) async throws -> [[UInt8]] {
        guard let method = tickets.first?.key.method, tickets.allSatisfy({ $0.key.method == method }) else { throw Declined() }
        guard confidentialSeal(for: method) == nil else { throw Declined() }
        let ids = tickets.map(\.key.messageID)
        guard Set(ids).count == ids.count else { throw Declined() }
        let callers = tickets.map(\.key.storedCaller)
        let hashes = tickets.map { ByteBuffer(bytes: SHA256.hash(data: $0.request)) }
        let methods = Array(repeating: method, count: tickets.count)
        return try await OpenTransaction.$holder.withValue(method) {
            try await client.transaction(logger: logger) { connection in
                let claimed = try await connection.query(
                    """
                    INSERT INTO rpc_outcomes (message_id, method, caller, request_hash, sealed)
                    SELECT id, method, caller, hash, false FROM unnest(\(ids)::text[], \(methods)::text[], \(callers)::text[], \(hashes)::bytea[])
                        AS t(id, method, caller, hash)
                    ON CONFLICT (message_id) DO NOTHING RETURNING 1
                    """, logger: logger)
                var count = 0
                for try await _ in claimed { count += 1 }
                guard count == tickets.count else { throw Declined() }
                let replies = try await body(connection)
                guard replies.count == tickets.count else { throw Declined() }
                let payloads = replies.map { ByteBuffer(bytes: $0) }
                try await connection.query(
                    """
                    UPDATE rpc_outcomes SET status_code = 0, payload = r.payload
                    FROM unnest(\(ids)::text[], \(payloads)::bytea[]) AS r(id, payload) WHERE message_id = r.id
                    """, logger: logger)
                return replies
            }
        }
    }
}
