import Logging
import PostgresNIO

/// Remembers which events a consumer has applied, in the same transaction as the effect.
public enum Inbox {
    /// Returns false when `consumer` already handled `eventID`: the caller then skips the effect.
    public static func claim(eventID: String, consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "INSERT INTO inbox (event_id, consumer) VALUES (\(eventID), \(consumer)) ON CONFLICT DO NOTHING RETURNING 1", logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
