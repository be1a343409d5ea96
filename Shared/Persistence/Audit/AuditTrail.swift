public import Foundation
import Logging
public import PostgresNIO

/// A service's append-only, hash-chained audit trail. Each entry holds the hash of the one before, so editing,
/// replacing or removing an entry breaks the chain at that point and `verify` names it. Entries are appended inside
/// the transaction of the change they describe: no change without its entry.
///
/// The trail is not in the service's own schema: schema `audit` (deploy/compose/audit.sql, created by the database
/// bootstrap) belongs to a role no service logs in as, and a service may only submit entries through `audit.submit`,
/// chain them through `audit.seal` and read its own chain (`audit.entries`, `audit.anchor`, `audit.unsealed`). Its
/// own role cannot update, delete or truncate entries, pending or chained, nor the head — the last position and
/// hash, kept apart from the entries — that `verify` compares the chain with, so removing the last entries or
/// recomputing the chain after an edit is found too.
///
/// Appending is two steps so that writes do not queue on the chain: `append` only inserts the entry into
/// `audit.pending` in the writer's transaction (no lock); `seal` — run by every instance's `AuditSealer` and before
/// the trail is listed or verified — chains the committed pending entries in id order under the head's lock, in a
/// short transaction of its own. The chain's positions are given at sealing, gapless; an entry whose write commits
/// late is sealed by the next `seal`, never skipped.
public enum AuditTrail {
    /// Submits an entry; call inside the change's transaction. One statement (`audit.submit`): the entry commits or
    /// rolls back with the change, and gets its position and hash when it is sealed. Returns its pending id (with
    /// `METROLOGY_AUDIT_APPEND=locked`, the position `audit.append` gave it; see `AuditAppendMode`).
    @discardableResult
    public static func append(_ event: AuditEvent, on connection: PostgresConnection, logger: Logger, now: Date = Date()) async throws -> Int64 {
        let micros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        let details = event.detailsJSON
        if AuditAppendMode.current == .locked {
            let rows = try await connection.query(
                """
                SELECT new_seq FROM audit.append(\(micros), \(event.actorID), \(event.actorName), \(event.action), \(event.entityType),
                    \(event.entityID), \(event.summary), \(details), \(event.traceID))
                """, logger: logger)
            var seq: Int64 = 0
            for try await value in rows.decode(Int64.self) { seq = value }
            guard seq > 0 else { throw AuditAppendError() }
            return seq
        }
        let rows = try await connection.query(
            """
            SELECT audit.submit(\(micros), \(event.actorID), \(event.actorName), \(event.action), \(event.entityType), \(event.entityID),
                \(event.summary), \(details), \(event.traceID))
            """, logger: logger)
        var id: Int64 = 0
        for try await pending in rows.decode(Int64.self) { id = pending }
        guard id > 0 else { throw AuditAppendError() }
        return id
    }

    /// Chains this service's committed pending entries (`audit.seal`, a statement of its own outside any
    /// transaction, `batchSize` entries per transaction) until none is left that was committed when it looked;
    /// returns how many it sealed. Safe to run from any number of instances at once: the head's lock orders them.
    @discardableResult
    public static func seal(client: PostgresClient, logger: Logger, batchSize: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            var sealed = 0
            for try await count in try await client.query("SELECT audit.seal(\(Int32(batchSize)))", logger: logger).decode(Int32.self) {
                sealed = Int(count)
            }
            total += sealed
            if sealed < batchSize { return total }
        }
    }

    public struct Filter: Sendable {
        public var actorID: String?
        public var action: String?
        public var entityType: String?
        public var entityID: String?
        public var from: Date?
        public var to: Date?
        /// Entries below this position; nil starts at the newest.
        public var beforeSeq: Int64?
        public var limit: Int

        public init(
            actorID: String? = nil, action: String? = nil, entityType: String? = nil, entityID: String? = nil, from: Date? = nil, to: Date? = nil,
            beforeSeq: Int64? = nil, limit: Int = 50
        ) {
            self.actorID = actorID
            self.action = action
            self.entityType = entityType
            self.entityID = entityID
            self.from = from
            self.to = to
            self.beforeSeq = beforeSeq
            self.limit = limit
        }
    }

    /// Entries matching the filter, newest first. Seals first, so every entry whose write committed before the
    /// call is listed with its position and hash; pending entries are never shown.
    public static func list(_ filter: Filter, client: PostgresClient, logger: Logger) async throws -> [AuditRecord] {
        try await seal(client: client, logger: logger)
        let fromMicros = filter.from.map { Int64($0.timeIntervalSince1970 * 1_000_000) }
        let toMicros = filter.to.map { Int64($0.timeIntervalSince1970 * 1_000_000) }
        let rows = try await client.query(
            """
            SELECT \(unescaped: columns) FROM audit.entries
            WHERE (\(filter.actorID)::text IS NULL OR actor_id = \(filter.actorID))
              AND (\(filter.action)::text IS NULL OR action = \(filter.action))
              AND (\(filter.entityType)::text IS NULL OR entity_type = \(filter.entityType))
              AND (\(filter.entityID)::text IS NULL OR entity_id = \(filter.entityID))
              AND (\(fromMicros)::bigint IS NULL OR occurred_us >= \(fromMicros))
              AND (\(toMicros)::bigint IS NULL OR occurred_us < \(toMicros))
              AND (\(filter.beforeSeq)::bigint IS NULL OR seq < \(filter.beforeSeq))
            ORDER BY seq DESC LIMIT \(filter.limit)
            """, logger: logger)
        return try await decode(rows)
    }

    /// Recomputes the chain in batches up to its anchored head and reports the first broken entry, or that the
    /// chain no longer ends where the head says (entries removed from the end, or the chain rewritten).
    /// Seals first, so the entries of every write committed before the call are checked.
    public static func verify(client: PostgresClient, logger: Logger, batchSize: Int = 2000) async throws -> AuditVerification {
        try await seal(client: client, logger: logger)
        // The head first: a seal commits its entries and the head together, so every entry up to the head read
        // here is visible to the reads below; entries appended meanwhile lie beyond it and are left for next time.
        var head: AuditVerification.Head?
        for try await (seq, hash) in try await client.query("SELECT seq, hash FROM audit.anchor", logger: logger).decode((Int64, Data).self) {
            head = .init(seq: seq, hash: AuditHashValue(hash))
        }
        let bound = head?.seq ?? Int64.max
        var total = AuditVerification(checked: 0)
        var previous: (seq: Int64, hash: AuditHashValue)?
        while true {
            let after = previous?.seq ?? 0
            let batch = try await decode(
                try await client.query(
                    "SELECT \(unescaped: columns) FROM audit.entries WHERE seq > \(after) AND seq <= \(bound) ORDER BY seq LIMIT \(batchSize)",
                    logger: logger))
            guard let last = batch.last else { return total.comparing(end: previous, with: head) }
            var result = AuditVerification.check(batch, after: previous)
            result.checked += total.checked
            if !result.intact { return result }
            total = result
            previous = (last.seq, AuditHashValue(last.hash))
        }
    }

    private static let columns =
        "seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash"

    private static func decode(_ rows: PostgresRowSequence) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        for try await row in rows {
            let (seq, micros, actorID, actorName, action, entityType, entityID, summary, details, trace, previous, hash) = try row.decode(
                (Int64, Int64, String, String, String, String, String, String, String, String, Data, Data).self)
            records.append(
                AuditRecord(
                    seq: seq, occurredMicros: micros, actorID: actorID, actorName: actorName, action: action, entityType: entityType,
                    entityID: entityID, summary: summary, detailsJSON: details, traceID: trace, previousHash: previous, hash: hash))
        }
        return records
    }
}

/// `audit.submit` (or `audit.append`) returned no entry.
struct AuditAppendError: Error {}
