import Foundation
import Logging
import PostgresNIO

/// Rules, counters and issued numbers.
struct NumberingStore: Sendable {
    let client: PostgresClient

    struct Rule: Sendable {
        var itemID: UUID
        var typeCode: String
        var target: String
        var format: NumberFormat
        var start: Int64
        var updatedAt: Date
    }

    func rules(item: UUID, on connection: PostgresConnection? = nil, logger: Logger) async throws -> [Rule] {
        let query: PostgresQuery = """
            SELECT type_code, target, prefix, suffix, date_pattern, width, start, updated_at FROM numbering_rules
            WHERE item_id = \(item) ORDER BY type_code, target
            """
        let rows = try await client.query(query, on: connection, logger: logger)
        var rules: [Rule] = []
        for try await (type, target, prefix, suffix, pattern, width, start, updated) in rows.decode(
            (String, String, String, String, String, Int, Int64, Date).self)
        {
            rules.append(
                Rule(
                    itemID: item, typeCode: type, target: target,
                    format: NumberFormat(prefix: prefix, suffix: suffix, datePattern: pattern, width: width),
                    start: start, updatedAt: updated))
        }
        return rules
    }

    func rule(item: UUID, type: String, target: String, on connection: PostgresConnection? = nil, logger: Logger) async throws -> Rule? {
        try await rules(item: item, on: connection, logger: logger).first { $0.typeCode == type && $0.target == target }
    }

    /// Returns false when another rule already prints numbers in exactly this format.
    func save(_ rule: Rule, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let clash = try await connection.query(
            """
            SELECT 1 FROM numbering_rules WHERE prefix = \(rule.format.prefix) AND suffix = \(rule.format.suffix)
              AND date_pattern = \(rule.format.datePattern) AND width = \(rule.format.width) AND target = \(rule.target)
              AND NOT (item_id = \(rule.itemID) AND type_code = \(rule.typeCode))
            """, logger: logger)
        for try await _ in clash { return false }
        try await connection.query(
            """
            INSERT INTO numbering_rules (item_id, type_code, target, prefix, suffix, date_pattern, width, start)
            VALUES (\(rule.itemID), \(rule.typeCode), \(rule.target), \(rule.format.prefix), \(rule.format.suffix), \(rule.format.datePattern),
                    \(rule.format.width), \(rule.start))
            ON CONFLICT (item_id, type_code, target) DO UPDATE SET prefix = EXCLUDED.prefix, suffix = EXCLUDED.suffix,
                date_pattern = EXCLUDED.date_pattern, width = EXCLUDED.width, start = EXCLUDED.start, updated_at = now()
            """, logger: logger)
        return true
    }

    /// The highest sequence issued in a period, 0 when none.
    func highestIssued(
        item: UUID, type: String, target: String, period: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        for try await value in try await connection.query(
            """
            SELECT COALESCE(max(sequence), 0) FROM issued_numbers
            WHERE item_id = \(item) AND type_code = \(type) AND target = \(target) AND period = \(period)
            """, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// - Parameter connection: the caller's connection when it holds one (never wait for a second one from the pool).
    func issuedCount(item: UUID, type: String, target: String, on connection: PostgresConnection? = nil, logger: Logger) async throws -> Int64 {
        for try await value in try await client.query(
            "SELECT count(*) FROM issued_numbers WHERE item_id = \(item) AND type_code = \(type) AND target = \(target)", on: connection,
            logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// The next sequence of a period without taking it (for previews and the rule view).
    func peek(_ rule: Rule, period: String, on connection: PostgresConnection? = nil, logger: Logger) async throws -> Int64 {
        let query: PostgresQuery = """
            SELECT next FROM numbering_counters WHERE item_id = \(rule.itemID) AND type_code = \(rule.typeCode) AND target = \(rule.target)
              AND period = \(period)
            """
        let rows = try await client.query(query, on: connection, logger: logger)
        for try await next in rows.decode(Int64.self) { return max(next, rule.start) }
        return rule.start
    }
}
