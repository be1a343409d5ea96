import Foundation
import Logging
import Persistence
import PostgresNIO

/// The SQL of items, their bases and types.
struct ItemStore: Sendable {
    let client: PostgresClient

    /// Which items a list shows: those in use (the default, what pickers want), the retired ones, or both.
    enum StatusFilter: String, Sendable {
        case active, retired, all
    }

    func items(query: String?, status: StatusFilter = .all, on connection: PostgresConnection, logger: Logger) async throws -> [ItemRecord] {
        let pattern = query.map(LikePattern.containing)
        let status = status.rawValue
        return try await load(
            try await connection.query(
                """
                SELECT id, code, name, created_at, updated_at, retired_at, retired_reason FROM items
                WHERE (\(pattern)::text IS NULL OR code ILIKE \(pattern) OR name ILIKE \(pattern))
                  AND (\(status) = 'all' OR (\(status) = 'retired') = (retired_at IS NOT NULL))
                ORDER BY code
                """,
                logger: logger), on: connection, logger: logger)
    }

    func item(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> ItemRecord? {
        let rows =
            lock
            ? try await connection.query(
                "SELECT id, code, name, created_at, updated_at, retired_at, retired_reason FROM items WHERE id = \(id) FOR UPDATE", logger: logger)
            : try await connection.query(
                "SELECT id, code, name, created_at, updated_at, retired_at, retired_reason FROM items WHERE id = \(id)", logger: logger)
        return try await load(rows, on: connection, logger: logger).first
    }

    private func load(_ rows: PostgresRowSequence, on connection: PostgresConnection, logger: Logger) async throws -> [ItemRecord] {
        var items: [ItemRecord] = []
        for try await (id, code, name, created, updated, retiredAt, retiredReason) in rows.decode(
            (UUID, String, String, Date, Date, Date?, String).self)
        {
            items.append(
                ItemRecord(
                    id: id, code: code, name: name, bases: [], types: [], regulationCodes: [], createdAt: created, updatedAt: updated,
                    retiredAt: retiredAt, retiredReason: retiredReason))
        }
        guard !items.isEmpty else { return [] }
        let ids = items.map(\.id)
        var bases: [UUID: [BasisRecord]] = [:]
        for try await (item, kind, number, until, issuer) in try await connection.query(
            """
            SELECT item_id, kind, certificate_no, to_char(valid_until, 'YYYY-MM-DD'), issuer FROM item_bases
            WHERE item_id = ANY(\(ids)) ORDER BY item_id, position
            """, logger: logger
        ).decode((UUID, String, String, String, String).self) {
            bases[item, default: []].append(BasisRecord(kind: kind, certificateNo: number, validUntil: until, issuer: issuer))
        }
        var types: [UUID: [(String, String, String, Bool)]] = [:]
        for try await (item, code, category, subtype, retired) in try await connection.query(
            """
            SELECT item_id, code, category, subtype, retired_at IS NOT NULL FROM item_types
            WHERE item_id = ANY(\(ids)) ORDER BY item_id, created_at, code
            """, logger: logger
        ).decode((UUID, String, String, String, Bool).self) {
            types[item, default: []].append((code, category, subtype, retired))
        }
        var regulations: [String: [String]] = [:]
        for try await (item, code) in try await connection.query(
            """
            SELECT i.code, r.code FROM regulations r JOIN items i ON i.code = ANY(r.item_codes)
            WHERE i.id = ANY(\(ids)) AND r.status = 'current' ORDER BY r.code
            """, logger: logger
        ).decode((String, String).self) {
            regulations[item, default: []].append(code)
        }
        for index in items.indices {
            items[index].bases = bases[items[index].id] ?? []
            items[index].types = (types[items[index].id] ?? []).map { (code: $0.0, category: $0.1, subtype: $0.2, retired: $0.3) }
            items[index].regulationCodes = regulations[items[index].code] ?? []
        }
        return items
    }

    func insert(id: UUID, code: String, name: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var created = false
        for try await _ in try await connection.query(
            "INSERT INTO items (id, code, name) VALUES (\(id), \(code), \(name)) ON CONFLICT (code) DO NOTHING RETURNING 1", logger: logger)
        {
            created = true
        }
        return created
    }

    func update(id: UUID, name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE items SET name = \(name), updated_at = now() WHERE id = \(id)", logger: logger)
    }

    func replaceBases(of item: UUID, with bases: [BasisRecord], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM item_bases WHERE item_id = \(item)", logger: logger)
        for (position, basis) in bases.enumerated() {
            try await connection.query(
                """
                INSERT INTO item_bases (item_id, position, kind, certificate_no, valid_until, issuer)
                VALUES (\(item), \(position), \(basis.kind), \(basis.certificateNo), \(basis.validUntil)::date, \(basis.issuer))
                """, logger: logger)
        }
    }

    /// Retires (with the reason) or reactivates an item; the caller has locked its row and checked it changes.
    func setRetired(id: UUID, retired: Bool, reason: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE items SET retired_at = CASE WHEN \(retired) THEN now() END, retired_reason = CASE WHEN \(retired) THEN \(reason) ELSE '' END,
                updated_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    func setTypeRetired(item: UUID, code: String, retired: Bool, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE item_types SET retired_at = CASE WHEN \(retired) THEN now() END WHERE item_id = \(item) AND code = \(code)", logger: logger)
        try await connection.query("UPDATE items SET updated_at = now() WHERE id = \(item)", logger: logger)
    }

    func addType(
        to item: UUID, code: String, category: String, subtype: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        var added = false
        for try await _ in try await connection.query(
            """
            INSERT INTO item_types (item_id, code, category, subtype) VALUES (\(item), \(code), \(category), \(subtype))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        {
            added = true
        }
        return added
    }
}
