import Contracts
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf

/// Drafts and published versions of procedures. Items and standard needs are stored as a serialized ProcedureVersion
/// (those two fields only): the version is frozen byte for byte, and a row saved before procedures had standard
/// needs reads as needing none, so neither needs a column of its own.
struct ProcedureStore: Sendable {
    let client: PostgresClient

    struct Draft: Sendable {
        var items: [Metrology_Flows_V1_DataItem]
        var standards: [Metrology_Flows_V1_StandardNeed] = []
        var revision: Int32
        var savedAt: Date
        var savedBy: String
    }

    static func encode(_ items: [Metrology_Flows_V1_DataItem], standards: [Metrology_Flows_V1_StandardNeed] = []) throws -> Data {
        var container = Metrology_Flows_V1_ProcedureVersion()
        container.items = items
        container.standards = standards
        return try container.serializedData()
    }

    static func decode(_ data: Data) throws -> [Metrology_Flows_V1_DataItem] {
        try Metrology_Flows_V1_ProcedureVersion(serializedBytes: data).items
    }

    static func decodeAll(_ data: Data) throws -> (items: [Metrology_Flows_V1_DataItem], standards: [Metrology_Flows_V1_StandardNeed]) {
        let container = try Metrology_Flows_V1_ProcedureVersion(serializedBytes: data)
        return (container.items, container.standards)
    }

    func createDraft(
        item: UUID, type: String, items: [Metrology_Flows_V1_DataItem], by name: String, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            INSERT INTO procedure_drafts (item_id, type_code, items, revision, saved_by_name) VALUES (\(item), \(type), \(try Self.encode(items)), 1, \(name))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    func draft(item: UUID, type: String, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> Draft? {
        let rows =
            lock
            ? try await connection.query(
                "SELECT items, revision, saved_at, saved_by_name FROM procedure_drafts WHERE item_id = \(item) AND type_code = \(type) FOR UPDATE",
                logger: logger)
            : try await connection.query(
                "SELECT items, revision, saved_at, saved_by_name FROM procedure_drafts WHERE item_id = \(item) AND type_code = \(type)",
                logger: logger)
        for try await (data, revision, saved, by) in rows.decode((Data, Int32, Date, String).self) {
            let content = try Self.decodeAll(data)
            return Draft(items: content.items, standards: content.standards, revision: revision, savedAt: saved, savedBy: by)
        }
        return nil
    }

    func saveDraft(
        item: UUID, type: String, items: [Metrology_Flows_V1_DataItem], standards: [Metrology_Flows_V1_StandardNeed], by name: String,
        on connection: PostgresConnection, logger: Logger
    )
        async throws -> Int32
    {
        for try await revision in try await connection.query(
            """
            UPDATE procedure_drafts SET items = \(try Self.encode(items, standards: standards)), revision = revision + 1, saved_at = now(), saved_by_name = \(name)
            WHERE item_id = \(item) AND type_code = \(type) RETURNING revision
            """, logger: logger
        ).decode(Int32.self) {
            return revision
        }
        return 0
    }

    func latestVersion(item: UUID, type: String, on connection: PostgresConnection? = nil, logger: Logger) async throws -> Int32 {
        let query: PostgresQuery = "SELECT COALESCE(max(version), 0) FROM procedure_versions WHERE item_id = \(item) AND type_code = \(type)"
        let rows = try await client.query(query, on: connection, logger: logger)
        for try await version in rows.decode(Int32.self) { return version }
        return 0
    }

    func publish(
        item: UUID, type: String, version: Int32, items: [Metrology_Flows_V1_DataItem], standards: [Metrology_Flows_V1_StandardNeed],
        by userID: String, name: String, note: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO procedure_versions (item_id, type_code, version, items, published_by, published_by_name, note)
            VALUES (\(item), \(type), \(version), \(try Self.encode(items, standards: standards)), \(userID), \(name), \(note))
            """, logger: logger)
    }

    /// - Parameter connection: the caller's transaction, when it has one: a handler holding a pooled connection must
    ///   not wait for a second from the same pool (under load every connection is held by such a waiter: deadlock).
    func versions(
        item: UUID, type: String, number: Int32?, withItems: Bool, on connection: PostgresConnection? = nil, logger: Logger
    ) async throws -> [Metrology_Flows_V1_ProcedureVersion] {
        let rows = try await client.query(
            """
            SELECT version, items, published_at, published_by, published_by_name, note FROM procedure_versions
            WHERE item_id = \(item) AND type_code = \(type) AND (\(number)::integer IS NULL OR version = \(number))
            ORDER BY version DESC
            """, on: connection, logger: logger)
        var versions: [Metrology_Flows_V1_ProcedureVersion] = []
        for try await (version, data, at, by, name, note) in rows.decode((Int32, Data, Date, String, String, String).self) {
            var message = Metrology_Flows_V1_ProcedureVersion()
            message.itemID = item.uuidString.lowercased()
            message.typeCode = type
            message.version = version
            if withItems {
                let content = try Self.decodeAll(data)
                message.items = content.items
                message.standards = content.standards
            }
            message.publishedAt = .init(date: at)
            message.publishedBy = by
            message.publishedByName = name
            message.note = note
            versions.append(message)
        }
        return versions
    }
}
