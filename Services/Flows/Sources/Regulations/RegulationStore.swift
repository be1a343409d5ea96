import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO
import SwiftProtobuf

/// Regulations (规程文本) with their files.
struct RegulationStore: Sendable {
    let client: PostgresClient

    private static let columns = """
        id, code, title, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, status, replaced_by, item_codes, filename, format, size, sha256, imported_at
        """

    func list(query: String?, itemCode: String?, status: String?, logger: Logger) async throws -> [Metrology_Flows_V1_Regulation] {
        let pattern = query.map(LikePattern.containing)
        return try await decode(
            try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM regulations
                WHERE (\(pattern)::text IS NULL OR code ILIKE \(pattern) OR title ILIKE \(pattern))
                  AND (\(itemCode)::text IS NULL OR \(itemCode) = ANY(item_codes))
                  AND (\(status)::text IS NULL OR status = \(status))
                ORDER BY status, code
                """, logger: logger))
    }

    func regulation(id: UUID, on connection: PostgresConnection? = nil, logger: Logger) async throws -> Metrology_Flows_V1_Regulation? {
        let query: PostgresQuery = "SELECT \(unescaped: Self.columns) FROM regulations WHERE id = \(id)"
        return try await decode(try await client.query(query, on: connection, logger: logger)).first
    }

    func content(id: UUID, logger: Logger) async throws -> Data? {
        for try await data in try await client.query("SELECT content FROM regulations WHERE id = \(id)", logger: logger).decode(Data.self) {
            return data
        }
        return nil
    }

    func insert(_ regulation: Metrology_Flows_V1_Regulation, content: Data, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var inserted = false
        for try await _ in try await connection.query(
            """
            INSERT INTO regulations (id, code, title, effective_on, status, replaced_by, item_codes, filename, format, size, sha256, content)
            VALUES (\(UUID(uuidString: regulation.id)!), \(regulation.code), \(regulation.title), \(regulation.effectiveOn)::date, \(regulation.status),
                    \(regulation.replacedBy), \(regulation.itemCodes), \(regulation.filename), \(regulation.format), \(regulation.size), \(regulation.sha256),
                    \(content))
            ON CONFLICT (code) DO NOTHING RETURNING 1
            """, logger: logger)
        {
            inserted = true
        }
        return inserted
    }

    func update(_ regulation: Metrology_Flows_V1_Regulation, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE regulations SET title = \(regulation.title), status = \(regulation.status), replaced_by = \(regulation.replacedBy),
                item_codes = \(regulation.itemCodes), updated_at = now()
            WHERE id = \(UUID(uuidString: regulation.id)!)
            """, logger: logger)
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [Metrology_Flows_V1_Regulation] {
        var regulations: [Metrology_Flows_V1_Regulation] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            var regulation = Metrology_Flows_V1_Regulation()
            regulation.id = try r["id"].decode(UUID.self).uuidString.lowercased()
            regulation.code = try r["code"].decode(String.self)
            regulation.title = try r["title"].decode(String.self)
            regulation.effectiveOn = try r["effective_on"].decode(String.self)
            regulation.status = try r["status"].decode(String.self)
            regulation.replacedBy = try r["replaced_by"].decode(String.self)
            regulation.itemCodes = try r["item_codes"].decode([String].self)
            regulation.filename = try r["filename"].decode(String.self)
            regulation.format = try r["format"].decode(String.self)
            regulation.size = try r["size"].decode(Int64.self)
            regulation.sha256 = try r["sha256"].decode(String.self)
            regulation.importedAt = Google_Protobuf_Timestamp(date: try r["imported_at"].decode(Date.self))
            regulations.append(regulation)
        }
        return regulations
    }
}
