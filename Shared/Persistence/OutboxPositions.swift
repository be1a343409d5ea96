public import Logging
public import PostgresNIO

/// Gives published outbox rows their place in the service's event log. An outbox id is taken when the row is
/// inserted, before its transaction commits, so ids become visible out of order: a reader paging by id could pass a
/// higher id and never see a lower one committed later. A position is given only when the relay marks the row
/// published, under a transaction-scoped advisory lock that is held until that relay transaction commits, so a
/// position becomes visible only after every lower one has: paging by position misses nothing.
public enum OutboxPositions {
    /// Marks `ids` published (in id order, the order the relay sent them) with the next positions. Call it inside
    /// the transaction that holds the rows, as the last thing before commit: the lock then serializes only commits. A row that has
    /// its position already keeps it.
    public static func markPublished(_ ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        // One lock per schema (services share the database): other schemas' relays do not wait on it.
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outbox.position'))", logger: logger)
        try await connection.query(
            """
            UPDATE outbox SET published_at = now(), position = base.last + ordered.n
            FROM (SELECT coalesce(max(position), 0) AS last FROM outbox) AS base,
                 (SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox WHERE id = ANY(\(ids)) AND position IS NULL) AS ordered
            WHERE outbox.id = ordered.id
            """, logger: logger)
    }
}
