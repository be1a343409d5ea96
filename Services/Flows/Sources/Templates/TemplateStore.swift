import Contracts
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf

/// Template files, every version kept.
struct TemplateStore: Sendable {
    let client: PostgresClient

    private static let columns = """
        id, item_id, type_code, kind, version, filename, format, size, sha256, procedure_version, warnings, imported_at, imported_by_name
        """

    func list(item: UUID, type: String?, kind: String?, logger: Logger) async throws -> [Metrology_Flows_V1_TemplateInfo] {
        try await decode(
            try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM templates WHERE item_id = \(item)
                  AND (\(type)::text IS NULL OR type_code = \(type)) AND (\(kind)::text IS NULL OR kind = \(kind))
                ORDER BY type_code, kind, version DESC
                """, logger: logger))
    }

    func template(id: UUID, logger: Logger) async throws -> (Metrology_Flows_V1_TemplateInfo, Data)? {
        guard
            let info = try await decode(try await client.query("SELECT \(unescaped: Self.columns) FROM templates WHERE id = \(id)", logger: logger))
                .first
        else { return nil }
        for try await content in try await client.query("SELECT content FROM templates WHERE id = \(id)", logger: logger).decode(Data.self) {
            return (info, content)
        }
        return nil
    }

    /// Stores the next version; the advisory lock keeps two concurrent imports from taking the same number.
    func insert(_ info: Metrology_Flows_V1_TemplateInfo, content: Data, on connection: PostgresConnection, logger: Logger) async throws -> Int32 {
        let key = "\(info.itemID)/\(info.typeCode)/\(info.kind)"
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
        var version: Int32 = 1
        for try await latest in try await connection.query(
            """
            SELECT COALESCE(max(version), 0) FROM templates WHERE item_id = \(UUID(uuidString: info.itemID)!) AND type_code = \(info.typeCode)
              AND kind = \(info.kind)
            """, logger: logger
        ).decode(Int32.self) {
            version = latest + 1
        }
        try await connection.query(
            """
            INSERT INTO templates (id, item_id, type_code, kind, version, filename, format, size, sha256, content, procedure_version, warnings, imported_by_name)
            VALUES (\(UUID(uuidString: info.id)!), \(UUID(uuidString: info.itemID)!), \(info.typeCode), \(info.kind), \(version), \(info.filename), \(info.format),
                    \(info.size), \(info.sha256), \(content), \(info.procedureVersion), \(info.warnings), \(info.importedByName))
            """, logger: logger)
        return version
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [Metrology_Flows_V1_TemplateInfo] {
        var templates: [Metrology_Flows_V1_TemplateInfo] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            var info = Metrology_Flows_V1_TemplateInfo()
            info.id = try r["id"].decode(UUID.self).uuidString.lowercased()
            info.itemID = try r["item_id"].decode(UUID.self).uuidString.lowercased()
            info.typeCode = try r["type_code"].decode(String.self)
            info.kind = try r["kind"].decode(String.self)
            info.version = try r["version"].decode(Int32.self)
            info.filename = try r["filename"].decode(String.self)
            info.format = try r["format"].decode(String.self)
            info.size = try r["size"].decode(Int64.self)
            info.sha256 = try r["sha256"].decode(String.self)
            info.procedureVersion = try r["procedure_version"].decode(Int32.self)
            info.warnings = try r["warnings"].decode(Int32.self)
            info.importedAt = Google_Protobuf_Timestamp(date: try r["imported_at"].decode(Date.self))
            info.importedByName = try r["imported_by_name"].decode(String.self)
            templates.append(info)
        }
        return templates
    }
}
