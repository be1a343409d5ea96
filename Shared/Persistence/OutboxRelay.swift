import Contracts
import Foundation
import Logging
import Messaging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Publishes the outbox: rows are locked with SKIP LOCKED (so several instances share the work), published with
/// publisher confirms, and marked sent only once the broker confirmed them. While the broker is down the rows stay
/// and are published when it is back. Delivery is at least once; consumers deduplicate by event id (the inbox).
public final class OutboxRelay: Service, Sendable {
    private let client: PostgresClient
    private let publisher: EventPublisher
    private let logger: Logger
    private let nudged = Atomic<Bool>(false)
    private let idleInterval: Duration
    private let batchSize: Int

    public init(client: PostgresClient, publisher: EventPublisher, logger: Logger, idleInterval: Duration = .milliseconds(500), batchSize: Int = 100) {
        self.client = client
        self.publisher = publisher
        self.logger = logger
        self.idleInterval = idleInterval
        self.batchSize = batchSize
    }

    /// Wakes the relay now; a service calls this after committing a transaction that appended events.
    public func nudge() { nudged.store(true, ordering: .releasing) }

    public func run() async throws {
        publisher.start()
        var lastPrune = ContinuousClock.now
        var backoff = Duration.milliseconds(200)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var published = 0
            do {
                published = try await relayBatch()
                backoff = .milliseconds(200)
            } catch {
                logger.warning("outbox relay could not publish; will retry", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
                continue
            }
            if ContinuousClock.now - lastPrune > .seconds(3600) {
                lastPrune = ContinuousClock.now
                try? await prune()
            }
            if published < batchSize {
                // Sleep until nudged or the idle interval passes, whichever is first, in short steps.
                let end = ContinuousClock.now.advanced(by: idleInterval)
                while ContinuousClock.now < end && !nudged.exchange(false, ordering: .acquiringAndReleasing) && !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
        }
        await publisher.close()
    }

    /// Publishes one batch; returns how many rows were marked published.
    func relayBatch() async throws -> Int {
        let size = batchSize
        let logger = self.logger
        let publisher = self.publisher
        return try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT id, envelope FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT \(size) FOR UPDATE SKIP LOCKED", logger: logger)
            var batch: [(Int64, Metrology_Common_V1_EventEnvelope)] = []
            for try await (id, bytes) in rows.decode((Int64, Data).self) {
                batch.append((id, try Metrology_Common_V1_EventEnvelope(serializedBytes: bytes)))
            }
            guard !batch.isEmpty else { return 0 }
            guard publisher.isConnected else { throw AMQPError.notConnected("event broker connection is down") }
            let (confirmed, error) = await publisher.publish(batch: batch.map(\.1))
            let ids = batch.filter { confirmed.contains($0.1.eventID) }.map(\.0)
            if !ids.isEmpty {
                try await connection.query("UPDATE outbox SET published_at = now() WHERE id = ANY(\(ids))", logger: logger)
            }
            if let error, ids.isEmpty { throw error }
            return ids.count
        }
    }

    private func prune() async throws {
        try await client.query("DELETE FROM outbox WHERE published_at < now() - interval '7 days'", logger: logger)
        try await IdempotentWriter(client: client).prune(olderThan: .seconds(7 * 24 * 3600), logger: logger)
    }
}
