import Foundation
import Logging
import PostgresNIO

/// The SQL of `feed_entries` and `feed_consumers`.
enum FeedStore {
    struct Entry: Sendable {
        var sequence: Int64
        var type: String
        var jws: String
        var payload: Data
    }

    static func sequence(of certificateID: UUID, type: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT sequence FROM feed_entries WHERE certificate_id = \(certificateID) AND type = \(type)", logger: logger)
        for try await sequence in rows.decode(Int64.self) { return sequence }
        return nil
    }

    static func nextSequence(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        for try await sequence in try await connection.query("SELECT nextval('feed_sequence')", logger: logger).decode(Int64.self) {
            return sequence
        }
        throw FeedErrors.storage
    }

    static func insert(
        sequence: Int64, type: String, certificateID: String, corrects: Int64?, regionCode: String, keyID: String, payload: Data, jws: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let entry = String(decoding: payload, as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO feed_entries (sequence, type, certificate_id, corrects, region_code, key_id, payload, jws, entry)
            VALUES (\(sequence), \(type), \(certificateID)::uuid, \(corrects), \(regionCode), \(keyID), \(payload), \(jws), \(entry)::jsonb)
            """, logger: logger)
    }

    /// The entries after `after` whose region starts with `prefix`, in sequence order. The prefix is matched with
    /// LIKE on an escaped pattern (it is checked to be digits anyway).
    static func page(after: Int64, regionPrefix: String, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [Entry] {
        let pattern = regionPrefix + "%"
        let rows = try await connection.query(
            """
            SELECT sequence, type, jws, payload FROM feed_entries
            WHERE sequence > \(after) AND region_code LIKE \(pattern)
            ORDER BY sequence LIMIT \(limit)
            """, logger: logger)
        var entries: [Entry] = []
        for try await (sequence, type, jws, payload) in rows.decode((Int64, String, String, Data).self) {
            entries.append(Entry(sequence: sequence, type: type, jws: jws, payload: payload))
        }
        return entries
    }

    /// Every entry after `after`, for the AMQP push.
    static func pushBatch(after: Int64, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [(Entry, String)] {
        let rows = try await connection.query(
            "SELECT sequence, type, jws, payload, region_code FROM feed_entries WHERE sequence > \(after) ORDER BY sequence LIMIT \(limit)",
            logger: logger)
        var entries: [(Entry, String)] = []
        for try await (sequence, type, jws, payload, region) in rows.decode((Int64, String, String, Data, String).self) {
            entries.append((Entry(sequence: sequence, type: type, jws: jws, payload: payload), region))
        }
        return entries
    }
}
