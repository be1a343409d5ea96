import Logging
public import PostgresNIO

/// Remembers which events a consumer has applied, in the same transaction as the effect.
public enum Inbox {
    /// Returns false when `consumer` already handled `eventID`: the caller then skips the effect.
    public static func claim(eventID: String, consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "INSERT INTO inbox (event_id, consumer) VALUES (\(eventID), \(consumer)) ON CONFLICT DO NOTHING RETURNING 1", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Forgets events handled before `age` ago. An event is redelivered within moments (a consumer crashed before its
    /// ack) or republished by an outbox relay that lost a confirm, never days later, so 7 days (like `rpc_outcomes`).
    /// A read model's rebuild clears its own claims and replays the producers' retained outbox.
    public static func prune(olderThan age: Duration, on client: PostgresClient, logger: Logger) async throws {
        let seconds = Double(age.components.seconds)
        try await client.query("DELETE FROM inbox WHERE handled_at < now() - make_interval(secs => \(seconds))", logger: logger)
    }
}
