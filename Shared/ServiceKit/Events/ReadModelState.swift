import Logging
import PostgresNIO

/// A read model's row in `read_models` (framework migration 7): `rebuilding` with the producer and position its
/// rebuild reached, or `ready` with when it was last rebuilt. A model never rebuilt has no row.
enum ReadModelState {
    /// The producer and position an unfinished rebuild of `name` reached; nil when none is unfinished.
    static func resumable(_ name: String, database: PostgresClient, logger: Logger) async throws -> (String?, Int64)? {
        let rows = try await database.query(
            "SELECT producer, position FROM read_models WHERE name = \(name) AND state = 'rebuilding'", logger: logger)
        for try await (producer, position) in rows.decode((String?, Int64).self) { return (producer, position) }
        return nil
    }

    static func rebuilding(_ name: String, producer: String?, position: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO read_models (name, state, producer, position) VALUES (\(name), 'rebuilding', \(producer), \(position))
            ON CONFLICT (name) DO UPDATE SET state = 'rebuilding', producer = EXCLUDED.producer, position = EXCLUDED.position
            """, logger: logger)
    }

    static func ready(_ name: String, database: PostgresClient, logger: Logger) async throws {
        try await database.query(
            "UPDATE read_models SET state = 'ready', producer = NULL, position = 0, rebuilt_at = now() WHERE name = \(name)", logger: logger)
    }
}
