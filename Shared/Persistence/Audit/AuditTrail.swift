import Foundation
import Logging
import PostgresNIO

/// A service's append-only, hash-chained audit trail (table `audit_log` in its own schema). Each entry holds the
/// hash of the one before, so editing, replacing or removing an entry breaks the chain at that point and `verify`
/// names it. Entries are appended inside the transaction of the change they describe: no change without its entry.
public enum AuditTrail {
    /// Appends an entry; call inside the change's transaction. Appends are serialized per schema by a transaction
    /// advisory lock, which is what keeps `seq` gapless and the chain linear across instances.
    @discardableResult
    public static func append(_ event: AuditEvent, on connection: PostgresConnection, logger: Logger, now: Date = Date()) async throws -> AuditRecord {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))", logger: logger)
        var last: (Int64, Data)?
        for try await row in try await connection.query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", logger: logger)
            .decode((Int64, Data).self)
        {
            last = row
        }
        var record = AuditRecord(
            seq: (last?.0 ?? 0) + 1, occurredMicros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded()), actorID: event.actorID,
            actorName: event.actorName, action: event.action, entityType: event.entityType, entityID: event.entityID, summary: event.summary,
            detailsJSON: event.detailsJSON, traceID: event.traceID, previousHash: last?.1 ?? AuditHash.genesis, hash: Data())
        record.hash = record.expectedHash
        try await connection.query(
            """
            INSERT INTO audit_log (seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash)
            VALUES (\(record.seq), \(record.occurredMicros), \(record.actorID), \(record.actorName), \(record.action), \(record.entityType),
                    \(record.entityID), \(record.summary), \(record.detailsJSON), \(record.traceID), \(record.previousHash), \(record.hash))
            """, logger: logger)
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
            SELECT \(unescaped: columns) FROM audit_log
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

    /// Recomputes the whole chain in batches and reports the first broken entry.
    public static func verify(client: PostgresClient, logger: Logger, batchSize: Int = 2000) async throws -> AuditVerification {
        var total = AuditVerification(checked: 0)
        var previous: (seq: Int64, hash: AuditHashValue)?
        while true {
            let after = previous?.seq ?? 0
            let batch = try await decode(
                try await client.query("SELECT \(unescaped: columns) FROM audit_log WHERE seq > \(after) ORDER BY seq LIMIT \(batchSize)", logger: logger))
            guard let last = batch.last else { return total }
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
