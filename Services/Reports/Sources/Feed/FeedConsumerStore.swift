import Contracts
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf

/// The SQL of `feed_consumers`.
enum FeedConsumerStore {
    struct Row: Sendable {
        var id: UUID
        var clientID: String
        var name: String
        var regionPrefix: String
        var secretHash: Data
        var disabled: Bool
        var createdAt: Date
        var createdByName: String
        var lastReadAt: Date?

        var message: Metrology_Reports_V1_FeedConsumer {
            var consumer = Metrology_Reports_V1_FeedConsumer()
            consumer.id = id.uuidString.lowercased()
            consumer.clientID = clientID
            consumer.name = name
            consumer.regionPrefix = regionPrefix
            consumer.disabled = disabled
            consumer.createdAt = Google_Protobuf_Timestamp(date: createdAt)
            consumer.createdByName = createdByName
            if let lastReadAt { consumer.lastReadAt = Google_Protobuf_Timestamp(date: lastReadAt) }
            return consumer
        }
    }

    private static let columns =
        "id, client_id, name, region_prefix, secret_sha256, disabled_at IS NOT NULL, created_at, created_by_name, last_read_at"

    static func insert(
        _ id: UUID, credentials: FeedConsumerCredentials, name: String, regionPrefix: String, by userID: String, userName: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO feed_consumers (id, client_id, name, region_prefix, secret_sha256, created_by, created_by_name)
            VALUES (\(id), \(credentials.clientID), \(name), \(regionPrefix), \(credentials.secretHash), \(userID), \(userName))
            """, logger: logger)
    }

    static func all(on connection: PostgresConnection, logger: Logger) async throws -> [Row] {
        try await rows(
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM feed_consumers ORDER BY created_at, id"), logger: logger))
    }

    static func byID(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Row? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(columns) FROM feed_consumers WHERE id = $1")
        query.binds.append(id)
        return try await rows(try await connection.query(query, logger: logger)).first
    }

    static func byClientID(_ clientID: String, on connection: PostgresConnection, logger: Logger) async throws -> Row? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(columns) FROM feed_consumers WHERE client_id = $1")
        query.binds.append(clientID)
        return try await rows(try await connection.query(query, logger: logger)).first
    }

    static func disable(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE feed_consumers SET disabled_at = coalesce(disabled_at, now()) WHERE id = \(id)", logger: logger)
    }

    static func touch(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE feed_consumers SET last_read_at = now() WHERE id = \(id)", logger: logger)
    }

    private static func rows(_ result: PostgresRowSequence) async throws -> [Row] {
        var rows: [Row] = []
        for try await (id, clientID, name, region, hash, disabled, created, createdBy, lastRead) in result.decode(
            (UUID, String, String, String, Data, Bool, Date, String, Date?).self)
        {
            rows.append(
                Row(
                    id: id, clientID: clientID, name: name, regionPrefix: region, secretHash: hash, disabled: disabled, createdAt: created,
                    createdByName: createdBy, lastReadAt: lastRead))
        }
        return rows
    }
}
