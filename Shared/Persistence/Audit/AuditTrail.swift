public import Foundation
import Logging
public import PostgresNIO

/// A service's append-only, hash-chained audit trail. Each entry holds the hash of the one before, so editing,
/// replacing or removing an entry breaks the chain at that point and `verify` names it. Entries are appended inside
/// the transaction of the change they describe: no change without its entry.
///
/// The trail is not in the service's own schema: schema `audit` (deploy/compose/audit.sql, created by the database
/// bootstrap) belongs to a role no service logs in as, and a service may only append through `audit.append` and
/// read its own chain (`audit.entries`, `audit.anchor`). Its own role cannot update, delete or truncate entries,
/// nor the head — the last position and hash, kept apart from the entries — that `verify` compares the chain with,
/// so removing the last entries or recomputing the chain after an edit is found too.
public enum AuditTrail {
    /// Appends an entry; call inside the change's transaction. One statement: `audit.append` assigns the position,
    /// computes the link and moves the head, under the head row's lock (held to commit), which keeps positions
    /// gapless and the chain linear across instances.
    @discardableResult
    public static func append(_ event: AuditEvent, on connection: PostgresConnection, logger: Logger, now: Date = Date()) async throws -> AuditRecord
    {
        var record = AuditRecord(
            seq: 0, occurredMicros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded()), actorID: event.actorID, actorName: event.actorName,
            action: event.action, entityType: event.entityType, entityID: event.entityID, summary: event.summary, detailsJSON: event.detailsJSON,
            traceID: event.traceID, previousHash: Data(), hash: Data())
        let rows = try await connection.query(
            """
            SELECT new_seq, new_prev_hash, new_hash FROM audit.append(\(record.occurredMicros), \(record.actorID), \(record.actorName), \(record.action),
                \(record.entityType), \(record.entityID), \(record.summary), \(record.detailsJSON), \(record.traceID))
            """, logger: logger)
        for try await (seq, previous, hash) in rows.decode((Int64, Data, Data).self) {
            record.seq = seq
            record.previousHash = previous
            record.hash = hash
        }
        // The database computed the link; if it ever disagreed with `AuditHash`, every entry would later read as
        // edited. Refuse the write now rather than keep a trail that cannot be verified.
        guard record.seq > 0, record.hash == record.expectedHash else {
            logger.critical("audit.append computed another hash than AuditHash", metadata: ["seq": "\(record.seq)"])
            throw AuditAppendError()
        }
        return record
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

    /// Entries matching the filter, newest first.
    public static func list(_ filter: Filter, client: PostgresClient, logger: Logger) async throws -> [AuditRecord] {
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
    public static func verify(client: PostgresClient, logger: Logger, batchSize: Int = 2000) async throws -> AuditVerification {
        // The head first: an append commits its entry and the head together, so every entry up to the head read
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

/// `audit.append` returned no entry, or one whose hash `AuditHash` does not reproduce.
struct AuditAppendError: Error {}
