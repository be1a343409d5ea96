import Foundation
import Logging
import Persistence
import PostgresNIO

/// Issuing the numbers of several calls of one counter in one statement (the group commit of
/// `NumberingHandlers.issueNumberTogether`). The counter moves by the group's size, and each call gets the next
/// sequence in the group's order, its number printed, inserted and its audit entry submitted, as `issue` does for one.
extension NumberingStore {
    struct TogetherCall: Sendable {
        var reference: String
        var user: String
        /// Its details get the period; the number becomes its entity and ends its summary.
        var audit: AuditEvent
    }

    /// The calls' numbers in their order, or nil when the statement could not number every call (the width is used
    /// up, a reference was numbered already, another rule printed one of the numbers): the caller rolls back and
    /// runs each call alone, where each of those has its own answer.
    func issue(
        _ rule: Rule, period: String, together calls: [TogetherCall], on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [Issued]?
    {
        guard let first = calls.first else { return [] }
        let size = Int64(calls.count)
        let micros = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        let references = calls.map(\.reference)
        let users = calls.map(\.user)
        let actorIDs = calls.map(\.audit.actorID)
        let actorNames = calls.map(\.audit.actorName)
        let details = calls.map { call in
            var event = call.audit
            event.details["period"] = period
            return event.detailsJSON
        }
        let traces = calls.map(\.audit.traceID)
        let rows = try await connection.query(
            """
            WITH calls AS (
                SELECT * FROM unnest(\(references)::text[], \(users)::text[], \(actorIDs)::text[], \(actorNames)::text[], \(details)::text[],
                    \(traces)::text[]) WITH ORDINALITY AS c(reference, issued_by, actor_id, actor_name, details, trace_id, ordinal)
            ), counter AS (
                INSERT INTO numbering_counters AS c (item_id, type_code, target, period, next)
                VALUES (\(rule.itemID), \(rule.typeCode), \(rule.target), \(period), \(rule.start) + \(size))
                ON CONFLICT (item_id, type_code, target, period) DO UPDATE SET next = GREATEST(c.next, \(rule.start)) + \(size)
                RETURNING c.next - \(size) AS first
            ), numbered AS (
                SELECT calls.*, counter.first + calls.ordinal - 1 AS sequence,
                    \(rule.format.prefix) || \(period) || lpad((counter.first + calls.ordinal - 1)::text, \(rule.format.width)::integer, '0')
                        || \(rule.format.suffix) AS number
                FROM counter CROSS JOIN calls WHERE counter.first + calls.ordinal - 1 <= \(rule.format.maxSequence)
            ), issued AS (
                INSERT INTO issued_numbers (number, item_id, type_code, target, period, sequence, reference, issued_by)
                SELECT number, \(rule.itemID), \(rule.typeCode), \(rule.target), \(period), sequence, reference, issued_by FROM numbered
                ON CONFLICT DO NOTHING
                RETURNING number, sequence, issued_at
            )
            SELECT n.ordinal, i.number, i.sequence, i.issued_at,
                audit.submit(\(micros), n.actor_id, n.actor_name, \(first.audit.action), \(first.audit.entityType), i.number,
                    \(first.audit.summary) || i.number, n.details, n.trace_id)
            FROM issued i JOIN numbered n ON n.number = i.number
            ORDER BY n.ordinal
            """, logger: logger)
        var issued: [Issued] = []
        for try await (ordinal, number, sequence, at, _) in rows.decode((Int64, String, Int64, Date, Int64).self) {
            guard ordinal == Int64(issued.count) + 1 else { return nil }
            issued.append(Issued(number: number, sequence: sequence, issuedAt: at))
        }
        return issued.count == calls.count ? issued : nil
    }
}
