import Foundation
import Logging
import Persistence
import PostgresNIO

/// Issuing a number in one statement. Every number of a rule and period is serialised on its counter row (that is
/// what keeps the sequence gapless: the counter commits or rolls back with the number), so the counter is taken by
/// the same statement that prints the number, inserts it and submits its audit entry, and only the stored reply and
/// the commit follow while the row is locked. (On the numbering benchmark this alone did not raise the rate — the
/// machine was CPU-bound, not lock-bound; `CounterGate` did — but it is the shortest hold the lock can have.)
///
/// The statement prints the number as `NumberFormat.number(sequence:period:)` does (prefix, period, the sequence
/// zero-padded to the width, suffix); the sequence never exceeds the width, so `lpad` never truncates. The two must
/// agree: `NumberingTests` checks issued numbers against that format.
extension NumberingStore {
    struct Issued: Sendable {
        var number: String
        var sequence: Int64
        var issuedAt: Date
    }

    enum IssueOutcome: Sendable {
        case issued(Issued)
        /// The width cannot print the next sequence.
        case exhausted
        /// Another rule printed this number already, or another call numbered the same reference meanwhile.
        case conflict(printed: String)
    }

    /// The number already issued for a reference (empty references are never looked up: each call takes a number).
    func issued(reference: String, rule: Rule, on connection: PostgresConnection, logger: Logger) async throws -> (Issued, period: String)? {
        guard !reference.isEmpty else { return nil }
        let rows = try await connection.query(
            """
            SELECT number, sequence, issued_at, period FROM issued_numbers
            WHERE item_id = \(rule.itemID) AND type_code = \(rule.typeCode) AND target = \(rule.target) AND reference = \(reference)
            """, logger: logger)
        for try await (number, sequence, at, period) in rows.decode((String, Int64, Date, String).self) {
            return (Issued(number: number, sequence: sequence, issuedAt: at), period)
        }
        return nil
    }

    /// Takes the next sequence, prints and records the number, and submits `audit` with the number as its entity
    /// and at the end of its summary (`audit.submit`, the pending append every write uses: the entry needs no
    /// lock of its own and is chained by the sealer). The caller's transaction rolls back on anything but `.issued`.
    func issue(
        _ rule: Rule, period: String, reference: String, by user: String, audit: AuditEvent, on connection: PostgresConnection, logger: Logger
    ) async throws -> IssueOutcome {
        let micros = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        let rows = try await connection.query(
            """
            WITH counter AS (
                INSERT INTO numbering_counters AS c (item_id, type_code, target, period, next)
                VALUES (\(rule.itemID), \(rule.typeCode), \(rule.target), \(period), \(rule.start) + 1)
                ON CONFLICT (item_id, type_code, target, period) DO UPDATE SET next = GREATEST(c.next, \(rule.start)) + 1
                RETURNING c.next - 1 AS sequence
            ), printed AS (
                SELECT sequence, \(rule.format.prefix) || \(period) || lpad(sequence::text, \(rule.format.width)::integer, '0') || \(rule.format.suffix) AS number
                FROM counter WHERE sequence <= \(rule.format.maxSequence)
            ), issued AS (
                INSERT INTO issued_numbers (number, item_id, type_code, target, period, sequence, reference, issued_by)
                SELECT number, \(rule.itemID), \(rule.typeCode), \(rule.target), \(period), sequence, \(reference), \(user) FROM printed
                ON CONFLICT DO NOTHING
                RETURNING number, sequence, issued_at
            ), audited AS (
                SELECT audit.submit(\(micros), \(audit.actorID), \(audit.actorName), \(audit.action), \(audit.entityType), number,
                    \(audit.summary) || number, \(audit.detailsJSON), \(audit.traceID)) AS entry
                FROM issued
            )
            SELECT counter.sequence, printed.number, issued.issued_at, audited.entry
            FROM counter LEFT JOIN printed ON true LEFT JOIN issued ON true LEFT JOIN audited ON true
            """, logger: logger)
        for try await (sequence, number, at, entry) in rows.decode((Int64, String?, Date?, Int64?).self) {
            guard let number else { return .exhausted }
            guard let at, entry != nil else { return .conflict(printed: number) }
            return .issued(Issued(number: number, sequence: sequence, issuedAt: at))
        }
        throw NumberingCounterMissing()
    }

    struct NumberingCounterMissing: Error {}
}
