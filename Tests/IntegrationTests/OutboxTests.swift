import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import Synchronization
import Testing

/// The outbox relay and event consumers (issue 14 item 14): a batch goes out in the order it was written; a row that
/// cannot be read is set aside instead of stopping the relay; the inbox is pruned; an event a handler cannot read is
/// dead-lettered with its reason rather than acknowledged unseen; a nudge ends a back-off once the database answers.
@Suite("Outbox and consumers", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct OutboxTests {
    /// A consumer of one fresh routing key, handling one event at a time.
    func consumer(_ routingKey: String, handler: @escaping EventConsumer.Handler) async throws -> (EventConsumer, Task<Void, any Error>) {
        let consumer = EventConsumer(
            service: "outboxtest", subscriber: String(routingKey.suffix(8)), routingKeys: [routingKey],
            configuration: TestEnvironment.amqp("outbox-order"),
            prefetch: 1, retryPause: .milliseconds(50), redelivery: nil, logger: TestEnvironment.logger, handler: handler)
        let task = Task { try await consumer.run() }
        guard await consumer.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("consumer could not connect") }
        return (consumer, task)
    }

    func append(_ routingKey: String, _ counter: String, on connection: PostgresConnection) async throws -> String {
        var payload = Metrology_Testing_V1_CounterBumped()
        payload.counter = counter
        return try await Outbox.append(
            EventType<Metrology_Testing_V1_CounterBumped>(testRoutingKey: routingKey), subject: counter, payload: payload, trace: .random(),
            on: connection, logger: TestEnvironment.logger)
    }

    func relay(_ database: PostgresClient) -> OutboxRelay {
        OutboxRelay(
            client: database, publisher: EventPublisher(configuration: TestEnvironment.amqp("outbox-relay"), logger: TestEnvironment.logger),
            logger: TestEnvironment.logger, idleInterval: .milliseconds(100))
    }

    @Test("60 events written in one transaction arrive in that order; an unreadable row before them is set aside with its reason")
    func orderAndUnreadableRow() async throws {
        let routingKey = "testing.order.\(UUID().uuidString.prefix(8).lowercased())"
        let received = Mutex<[String]>([])
        let (_, consumerTask) = try await consumer(routingKey) { envelope, _ in received.withLock { $0.append(envelope.subject) } }
        defer { consumerTask.cancel() }
        try await withEchoCluster { _ in
            try await withEchoDatabase { database in
                let badEventID = "bad-\(UUID())"
                let written = (0..<60).map { "e\($0)" }
                try await database.transaction(logger: TestEnvironment.logger) { connection in
                    // Not an EventEnvelope: before, the relay threw on it at every pass and nothing after it went out.
                    try await connection.query(
                        "INSERT INTO outbox (event_id, routing_key, envelope) VALUES (\(badEventID), \(routingKey), \(Data([0xFF, 0xFF, 0xFF])))",
                        logger: TestEnvironment.logger)
                    for subject in written { _ = try await append(routingKey, subject, on: connection) }
                }
                let relay = relay(database)
                let relayTask = Task { try await relay.run() }
                defer { relayTask.cancel() }

                #expect(try await eventually(timeout: .seconds(30)) { received.withLock { $0.count } >= written.count })
                #expect(received.withLock { $0 } == written)
                let rows = try await database.query(
                    "SELECT failed_at IS NOT NULL, published_at IS NULL, failure FROM outbox WHERE event_id = \(badEventID)",
                    logger: TestEnvironment.logger)
                var found = false
                for try await (failed, unpublished, failure) in rows.decode((Bool, Bool, String?).self) {
                    found = true
                    #expect(failed)
                    #expect(unpublished)
                    #expect(failure?.contains("envelope does not decode") == true)
                }
                #expect(found)
            }
        }
    }

    @Test("an event whose payload the handler cannot read goes to the dead-letter queue with the reason, and the next is handled")
    func undecodableEventIsDeadLettered() async throws {
        let routingKey = "testing.undecodable.\(UUID().uuidString.prefix(8).lowercased())"
        let deadLetters = try await DeadLetterReader(service: "outboxtest")
        defer { Task { await deadLetters.close() } }
        let handled = Mutex<[String]>([])
        let (_, consumerTask) = try await consumer(routingKey) { envelope, _ in
            guard envelope.subject != "garbled" else { throw UndecodableEvent("CounterBumped 无法解析") }
            handled.withLock { $0.append(envelope.subject) }
        }
        defer { consumerTask.cancel() }
        try await withEchoDatabase { database in
            try await database.transaction(logger: TestEnvironment.logger) { connection in
                _ = try await append(routingKey, "garbled", on: connection)
                _ = try await append(routingKey, "fine", on: connection)
            }
            let relay = relay(database)
            let relayTask = Task { try await relay.run() }
            defer { relayTask.cancel() }
            #expect(try await eventually(timeout: .seconds(30)) { handled.withLock { $0 } == ["fine"] })
            #expect(try await eventually { deadLetters.reasons().contains("事件无法解析：CounterBumped 无法解析") })
        }
    }

    @Test("a nudge ends the relay's back-off once the database answers again: the event goes out at once, not when a 5 s back-off ends")
    func nudgeEndsBackoff() async throws {
        let routingKey = "testing.backoff.\(UUID().uuidString.prefix(8).lowercased())"
        let received = Mutex<[String]>([])
        let (_, consumerTask) = try await consumer(routingKey) { envelope, _ in received.withLock { $0.append(envelope.subject) } }
        defer { consumerTask.cancel() }
        // A schema without an outbox table: every batch fails, as while the database restarts, and the back-off grows.
        try await withScratchSchema("relay_backoff") { database, schema in
            let relay = relay(database)
            let relayTask = Task { try await relay.run() }
            defer { relayTask.cancel() }
            // Failures at about 0, 0.2, 0.6, 1.4 and 3.0 s; the one at 6.2 s backs off for 5 s.
            try await Task.sleep(for: .milliseconds(7_500))
            // The shared runtime's tables, as a service's start creates them: from now on the relay's batches work.
            try await MigrationRunner(schema: schema, client: database, logger: TestEnvironment.logger).run([])
            try await database.transaction(logger: TestEnvironment.logger) { connection in
                _ = try await append(routingKey, "after-outage", on: connection)
            }
            relay.nudge()
            // Before, the event waited for the back-off to end, more than 3 s later.
            #expect(try await eventually(timeout: .seconds(3), every: .milliseconds(50)) { received.withLock { $0 } == ["after-outage"] })
        }
    }

    @Test("the inbox forgets events handled more than 7 days ago and keeps the recent ones")
    func inboxPrune() async throws {
        try await withEchoCluster { _ in
            try await withEchoDatabase { database in
                let old = "old-\(UUID())", recent = "recent-\(UUID())"
                try await database.query(
                    "INSERT INTO inbox (event_id, consumer, handled_at) VALUES (\(old), 'test', now() - interval '8 days'), (\(recent), 'test', now())",
                    logger: TestEnvironment.logger)
                try await Inbox.prune(olderThan: .seconds(7 * 24 * 3600), on: database, logger: TestEnvironment.logger)
                var left: [String] = []
                for try await id in try await database.query(
                    "SELECT event_id FROM inbox WHERE event_id IN (\(old), \(recent))", logger: TestEnvironment.logger
                ).decode(String.self) {
                    left.append(id)
                }
                #expect(left == [recent])
            }
        }
    }
}
