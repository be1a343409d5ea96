import Logging
public import PostgresNIO
public import RPCCore

/// Counts deliveries of redelivered messages in the service's schema, shared by all its instances.
public struct PostgresRedeliveryTracker: RedeliveryTracker {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func recordDelivery(messageID: String, method: String) async throws -> Int {
        // A redelivered message was delivered at least once before, so the first row starts at 2.
        let rows = try await client.query(
            """
            INSERT INTO delivery_attempts (message_id, method, deliveries) VALUES (\(messageID), \(method), 2)
            ON CONFLICT (message_id) DO UPDATE SET deliveries = delivery_attempts.deliveries + 1, last_seen = now()
            RETURNING deliveries
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
