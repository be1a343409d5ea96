import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf
import Synchronization
import Testing

/// The consumer helper and the read-model helper (issue 15): events are decoded by their declaration, an event that
/// cannot be applied goes to the dead-letter queue with its reason while the consumer keeps going, a redelivered
/// event is applied once, and a read model rebuilt from the producer's log equals the one built as events came.
@Suite("Typed events", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct TypedEventsTests {
    typealias Bumped = Metrology_Testing_V1_CounterBumped

    /// A consumer of `event` on a fresh service's queue, one delivery at a time, recording the counters it applied.
    func withConsumer(
        service: String, event: EventType<Bumped>, _ body: (PostgresClient, Applied) async throws -> Void
    ) async throws {
        let applied = Applied()
        try await withEchoDatabase { database in
            var handlers = EventHandlers()
            handlers.on(event) { payload, _, _ in
                applied.list.withLock { $0.append(payload.counter) }
                return nil
            }
            let consumer = InboxConsumer(
                service: service, subscriber: "main", handlers: handlers, database: database, configuration: TestEnvironment.amqp("typed-consumer"),
                redelivery: PostgresRedeliveryTracker(client: database, logger: TestEnvironment.logger), prefetch: 1, retryPause: .milliseconds(50),
                logger: TestEnvironment.logger)
            let task = Task { try await consumer.run() }
            defer { task.cancel() }
            guard await consumer.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("consumer could not connect") }
            try await body(database, applied)
        }
    }

    func envelope(_ event: EventType<Bumped>, counter: String, id: String = UUID().uuidString) throws -> Metrology_Common_V1_EventEnvelope {
        var payload = Bumped()
        payload.counter = counter
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.eventID = id
        envelope.type = event.routingKey
        envelope.source = event.producer
        envelope.subject = counter
        envelope.payloadType = event.payloadMessageName
        envelope.payload = try payload.serializedData()
        envelope.traceparent = TraceContext.random().traceparent
        return envelope
    }

    func publisher() async throws -> EventPublisher {
        let publisher = EventPublisher(configuration: TestEnvironment.amqp("typed-publisher"), logger: TestEnvironment.logger)
        publisher.start()
        guard await publisher.waitUntilConnected(timeout: .seconds(10)) else { throw TestFailure("publisher could not connect") }
        return publisher
    }

    @Test("an undecodable payload and an undeclared type go to the DLQ with their reason; the next event is applied")
    func deadLetters() async throws {
        let service = "typed\(UUID().uuidString.prefix(6).lowercased())"
        let event = EventType<Bumped>(producer: "testing", entity: service, event: "bumped")
        let deadLetters = try await DeadLetterReader(service: service)
        try await withConsumer(service: service, event: event) { _, applied in
            let publisher = try await publisher()
            var garbled = try envelope(event, counter: "garbled")
            garbled.payload = Data([0xFF, 0xFF, 0xFF])
            try await publisher.publish(garbled)
            // On the declared routing key (so it reaches the queue), but of a type nobody declared.
            var undeclared = try envelope(event, counter: "undeclared")
            undeclared.type = "testing.\(service).unheard_of"
            try await publish(undeclared, routingKey: event.routingKey)
            try await publisher.publish(try envelope(event, counter: "fine"))

            #expect(try await eventually { deadLetters.reasons().count == 2 })
            let headers = deadLetters.messages.map { $0.properties.headers }
            let reasons = Dictionary(
                headers.map { ($0[RPCHeaders.deadLetterCode]?.stringValue ?? "", $0[RPCHeaders.deadLetterReason]?.stringValue ?? "") },
                uniquingKeysWith: { first, _ in first })
            #expect(reasons["EVENT_UNDECODABLE"]?.contains("无法解析") == true)
            #expect(reasons["EVENT_TYPE_UNDECLARED"]?.contains("testing.\(service).unheard_of") == true)
            #expect(try await eventually { applied.list.withLock { $0 } == ["fine"] })
            await publisher.close()
        }
        await deadLetters.close()
    }

    @Test("the same event delivered twice is applied once")
    func appliedOnce() async throws {
        let service = "typed\(UUID().uuidString.prefix(6).lowercased())"
        let event = EventType<Bumped>(producer: "testing", entity: service, event: "bumped")
        try await withConsumer(service: service, event: event) { database, applied in
            let publisher = try await publisher()
            let twice = try envelope(event, counter: "twice")
            try await publisher.publish(twice)
            try await publisher.publish(twice)
            // One delivery at a time: once the last is applied, both copies before it were handled.
            try await publisher.publish(try envelope(event, counter: "last"))
            #expect(try await eventually { applied.list.withLock { $0.last } == "last" })
            #expect(applied.list.withLock { $0 } == ["twice", "last"])
            let rows = try await database.query(
                "SELECT count(*) FROM inbox WHERE event_id = \(twice.eventID) AND consumer = \("\(service).main")", logger: TestEnvironment.logger)
            for try await count in rows.decode(Int.self) { #expect(count == 1) }
            await publisher.close()
        }
    }

    @Test("a read model rebuilt from the producer's log has the rows it had when built event by event")
    func rebuild() async throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let model = CounterTotals(table: "readmodel_\(suffix)", event: EventType(producer: "echo", entity: "rm\(suffix)", event: "bumped"))
        try await withEchoDatabase { database in
            let logger = TestEnvironment.logger
            try await database.query(
                PostgresQuery(unsafeSQL: "CREATE TABLE \(model.table) (counter text PRIMARY KEY, bumps int NOT NULL, total bigint NOT NULL)"),
                logger: logger)
            let projector = ReadModelProjector(model: model, service: "echo", database: database, logger: logger)
            // The producer writes its events (as the relay would, they are then marked published).
            var written: [Metrology_Common_V1_EventEnvelope] = []
            for (index, counter) in ["a", "b", "a", "c", "a", "b"].enumerated() {
                var payload = Bumped()
                payload.counter = counter
                payload.value = Int64(index + 1)
                let id = try await database.transaction(logger: logger) { connection in
                    try await Outbox.append(model.event, subject: counter, payload: payload, trace: .random(), on: connection, logger: logger)
                }
                try await database.transaction(logger: logger) { connection in
                    let rows = try await connection.query("SELECT id FROM outbox WHERE event_id = \(id)", logger: logger)
                    var ids: [Int64] = []
                    for try await outboxID in rows.decode(Int64.self) { ids.append(outboxID) }
                    try await OutboxPositions.markPublished(ids, on: connection, logger: logger)
                }
                let rows = try await database.query("SELECT envelope FROM outbox WHERE event_id = \(id)", logger: logger)
                for try await bytes in rows.decode(Data.self) { written.append(try .init(serializedBytes: bytes)) }
            }
            for envelope in written { #expect(try await projector.apply(envelope)) }
            // A redelivery changes nothing.
            #expect(try await projector.apply(written[2]) == false)
            let incremental = try await model.rows(database)
            #expect(incremental == ["a": [3, 9], "b": [2, 8], "c": [1, 4]])

            let applied = try await projector.rebuild(from: { _ in OutboxEventLog(client: database, logger: logger) }, pageSize: 4)
            #expect(applied == written.count)
            #expect(try await model.rows(database) == incremental)
            #expect(try await Self.state(of: model.name, database) == "ready")

            // A rebuild that dies after its first page resumes there: the next call applies only the rest.
            let failing = FailingLog(inner: OutboxEventLog(client: database, logger: logger), failAfterPages: 1)
            await #expect(throws: InjectedLogFailure.self) { try await projector.rebuild(from: { _ in failing }, pageSize: 4) }
            #expect(try await Self.state(of: model.name, database) == "rebuilding")
            // The first page of the schema's whole log may hold other tests' events too: count what it applied.
            let partial = Int(try await model.rows(database).values.map { $0[0] }.reduce(0, +))
            let rest = try await projector.rebuild(from: { _ in OutboxEventLog(client: database, logger: logger) }, pageSize: 4)
            #expect(rest == written.count - partial)
            #expect(try await model.rows(database) == incremental)
            #expect(try await Self.state(of: model.name, database) == "ready")
            try await database.query(PostgresQuery(unsafeSQL: "DROP TABLE \(model.table)"), logger: logger)
        }
    }
}

extension TypedEventsTests {
    static func state(of model: String, _ database: PostgresClient) async throws -> String? {
        let rows = try await database.query("SELECT state FROM read_models WHERE name = \(model)", logger: TestEnvironment.logger)
        for try await state in rows.decode(String.self) { return state }
        return nil
    }

    @Test(
        "a handler's transient database failure (SQLSTATE 40001) is requeued, not dead-lettered nor counted as poison, and applied once when it succeeds"
    )
    func transientFailure() async throws {
        let service = "typed\(UUID().uuidString.prefix(6).lowercased())"
        let event = EventType<Bumped>(producer: "testing", entity: service, event: "bumped")
        let deadLetters = try await DeadLetterReader(service: service)
        let attempts = Mutex(0)
        let applied = Applied()
        // More failures than maxDeliveries: were they counted as deliveries, the event would be dead-lettered.
        let failures = 3
        try await withEchoDatabase { database in
            var handlers = EventHandlers()
            handlers.on(event) { payload, context, connection in
                if payload.counter == "flaky",
                    attempts.withLock({
                        $0 += 1; return $0
                    }) <= failures
                {
                    // A real serialization failure from the server, as a concurrent writer would cause.
                    try await connection.query(
                        "DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '40001'; END $$", logger: context.logger)
                }
                applied.list.withLock { $0.append(payload.counter) }
                return nil
            }
            let consumer = InboxConsumer(
                service: service, subscriber: "main", handlers: handlers, database: database, configuration: TestEnvironment.amqp("typed-transient"),
                redelivery: PostgresRedeliveryTracker(client: database, logger: TestEnvironment.logger), prefetch: 1, maxDeliveries: 2,
                retryPause: .milliseconds(20), logger: TestEnvironment.logger)
            let task = Task { try await consumer.run() }
            defer { task.cancel() }
            guard await consumer.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("consumer could not connect") }
            let publisher = try await publisher()
            let flaky = try envelope(event, counter: "flaky")
            try await publisher.publish(flaky)
            #expect(try await eventually { applied.list.withLock { $0 } == ["flaky"] })
            // Delivered once more: the inbox has it, nothing is applied again; "after" shows the consumer went on.
            try await publisher.publish(flaky)
            try await publisher.publish(try envelope(event, counter: "after"))
            #expect(try await eventually { applied.list.withLock { $0.last } == "after" })
            #expect(applied.list.withLock { $0 } == ["flaky", "after"])
            #expect(attempts.withLock { $0 } == failures + 1)
            #expect(deadLetters.reasons().isEmpty)
            let rows = try await database.query(
                "SELECT count(*) FROM inbox WHERE event_id = \(flaky.eventID) AND consumer = \("\(service).main")", logger: TestEnvironment.logger)
            for try await count in rows.decode(Int.self) { #expect(count == 1) }
            await publisher.close()
        }
        await deadLetters.close()
    }
}

/// An event log that fails after serving some pages, as a producer that went away mid-rebuild.
final class FailingLog: EventLog {
    let inner: any EventLog
    let failAfterPages: Int
    let served = Mutex(0)

    init(inner: any EventLog, failAfterPages: Int) {
        self.inner = inner
        self.failAfterPages = failAfterPages
    }

    func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        guard
            served.withLock({
                $0 += 1; return $0
            }) <= failAfterPages
        else { throw InjectedLogFailure() }
        return try await inner.events(after: position, limit: limit)
    }
}

struct InjectedLogFailure: Error {}

/// The counters a test consumer applied, in order.
final class Applied: Sendable {
    let list = Mutex<[String]>([])
}

/// Publishes an envelope on a routing key other than its type, as a misbehaving producer could.
func publish(_ envelope: Metrology_Common_V1_EventEnvelope, routingKey: String) async throws {
    let raw = AMQPConnection(
        configuration: TestEnvironment.amqp("typed-raw"), topology: .init(publisherConfirms: true), logger: TestEnvironment.logger)
    raw.start()
    guard await raw.waitUntilConnected(timeout: .seconds(10)) else { throw TestFailure("raw publisher could not connect") }
    try await raw.publish(
        AMQPOutgoing(
            exchange: QueueNames.eventsExchange, routingKey: routingKey, properties: .init(messageID: envelope.eventID, persistent: true),
            body: try envelope.serializedBytes()),
        confirm: true)
    await raw.close()
}

/// A read model for the test: per counter, how many bumps and the sum of their values.
struct CounterTotals: ReadModel {
    let table: String
    let event: EventType<Metrology_Testing_V1_CounterBumped>

    var name: String { table }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        let table = self.table
        handlers.on(event) { payload, context, connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO \(table) (counter, bumps, total) VALUES ($1, 1, $2)
                        ON CONFLICT (counter) DO UPDATE SET bumps = \(table).bumps + 1, total = \(table).total + EXCLUDED.total
                        """, binds: try Self.binds(payload.counter, payload.value)), logger: context.logger)
            return nil
        }
        return handlers
    }

    func reset(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger)
    }

    func rows(_ database: PostgresClient) async throws -> [String: [Int64]] {
        var rows: [String: [Int64]] = [:]
        let result = try await database.query(
            PostgresQuery(unsafeSQL: "SELECT counter, bumps::bigint, total FROM \(table)"), logger: TestEnvironment.logger)
        for try await (counter, bumps, total) in result.decode((String, Int64, Int64).self) { rows[counter] = [bumps, total] }
        return rows
    }

    static func binds(_ counter: String, _ value: Int64) throws -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(counter)
        binds.append(value)
        return binds
    }
}
