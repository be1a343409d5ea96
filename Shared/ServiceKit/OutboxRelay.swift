import Contracts
import Foundation
import Logging
public import Messaging
import Persistence
public import PostgresNIO
import RPCCore
public import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Publishes the outbox: rows are locked with SKIP LOCKED (so several instances share the work), published with
/// publisher confirms, and marked sent only once the broker confirmed them, each with its log position
/// (`OutboxPositions`). While the broker is down the rows stay
/// and are published when it is back. Delivery is at least once; consumers deduplicate by event id (the inbox).
/// A row that cannot be read is set aside (`failed_at`, `failure`) and logged at error; the rows after it go on.
public final class OutboxRelay: Service, Sendable {
    private let client: PostgresClient
    private let publisher: EventPublisher
    private let logger: Logger
    private let nudged = Wakeup()
    private let idleInterval: Duration
    private let batchSize: Int
    private let confirmTimeout: Duration

    public init(
        client: PostgresClient, publisher: EventPublisher, logger: Logger, idleInterval: Duration = .milliseconds(500), batchSize: Int = 100,
        confirmTimeout: Duration = .seconds(10)
    ) {
        self.confirmTimeout = confirmTimeout
        self.client = client
        self.publisher = publisher
        self.logger = logger
        self.idleInterval = idleInterval
        self.batchSize = batchSize
    }

    /// Wakes the relay now; a service calls this after committing a transaction that appended events.
    public func nudge() { nudged.signal() }

    public func run() async throws {
        publisher.start()
        var lastPrune = ContinuousClock.now
        var backoff = Self.shortestBackoff
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var published = 0
            do {
                // Bounded like the process runner's statements: a batch whose database stopped answering is abandoned
                // (its rows stay unpublished and locked only until that connection ends) and the relay goes on.
                published = try await withDeadline(confirmTimeout + .seconds(30), "relaying an outbox batch") { try await self.relayBatch() }
                backoff = Self.shortestBackoff
            } catch {
                logger.warning("outbox relay could not publish; will retry", metadata: ["error": "\(error)"])
                if error is AMQPError {
                    // The broker: a write's nudge says nothing about it.
                    try? await Task.sleep(for: backoff)
                } else {
                    // The database: a nudge ends the back-off early, for it comes from a transaction that just
                    // committed (after a restart the back-off may have grown to seconds, and the first writes' events
                    // would wait for it). Never sooner than the shortest back-off.
                    try? await Task.sleep(for: Self.shortestBackoff)
                    await pause(upTo: backoff - Self.shortestBackoff)
                }
                backoff = min(backoff * 2, .seconds(5))
                continue
            }
            if ContinuousClock.now - lastPrune > .seconds(3600) {
                lastPrune = ContinuousClock.now
                try? await prune()
            }
            if published < batchSize { await pause(upTo: idleInterval) }
        }
        await publisher.close()
    }

    private static let shortestBackoff = Duration.milliseconds(200)

    /// Until nudged, `limit` passes or graceful shutdown begins, whichever is first.
    private func pause(upTo limit: Duration) async {
        guard limit > .zero else { return }
        await withGracefulShutdownHandler {
            await nudged.wait(upTo: limit)
        } onGracefulShutdown: { [nudged] in
            nudged.signal()
        }
    }

    /// Publishes one batch; returns how many rows were marked published (or set aside as unreadable).
    func relayBatch() async throws -> Int {
        let size = batchSize
        let logger = self.logger
        let publisher = self.publisher
        let confirmTimeout = self.confirmTimeout
        return try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT id, envelope FROM outbox WHERE published_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT \(size) FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var batch: [(Int64, Metrology_Common_V1_EventEnvelope)] = []
            var unreadable: [(Int64, String)] = []
            for try await (id, bytes) in rows.decode((Int64, Data).self) {
                do {
                    batch.append((id, try Metrology_Common_V1_EventEnvelope(serializedBytes: bytes)))
                } catch {
                    unreadable.append((id, "envelope does not decode: \(error)"))
                }
            }
            // Set aside rather than thrown: a row that never decodes would stop every row after it, for good.
            for (id, reason) in unreadable {
                logger.error("outbox row cannot be read; set aside, not published", metadata: ["outbox_id": "\(id)", "reason": "\(reason)"])
                try await connection.query("UPDATE outbox SET failed_at = now(), failure = \(reason) WHERE id = \(id)", logger: logger)
            }
            guard !batch.isEmpty else { return unreadable.count }
            guard publisher.isConnected else { throw AMQPError.notConnected("event broker connection is down") }
            // Bounded: the rows stay locked while the confirms are awaited.
            let (confirmed, error) = await publisher.publish(batch: batch.map(\.1), confirmTimeout: confirmTimeout)
            let ids = batch.filter { confirmed.contains($0.1.eventID) }.map(\.0)
            if !ids.isEmpty {
                // With their log positions, in the order they were published (see OutboxPositions).
                try await OutboxPositions.markPublished(ids, on: connection, logger: logger)
            }
            if let error, ids.isEmpty, unreadable.isEmpty { throw error }
            return ids.count + unreadable.count
        }
    }

    /// Published outbox rows are not pruned: they are the service's retained event log, paged by position
    /// (`OutboxEventLog`) when a read model is rebuilt. Stored outcomes and inbox claims go after 7 days.
    private func prune() async throws {
        let week = Duration.seconds(7 * 24 * 3600)
        try await IdempotentWriter(client: client).prune(olderThan: week, logger: logger)
        try await Inbox.prune(olderThan: week, on: client, logger: logger)
    }
}
