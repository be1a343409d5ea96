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

/// The broker goes away and comes back: calls fail fast as UNAVAILABLE, both sides reconnect, events wait in the
/// outbox and are delivered once.
@Suite("Broker outage", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct BrokerOutageTests {
    @Test("calls fail as UNAVAILABLE while the broker is down, then succeed after reconnect")
    func brokerRestart() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            _ = try await client.call(cluster.method(EchoMethods.echo), .init())

            // Calls in flight when the broker stops fail too, and none of them hangs. The handler pauses far longer
            // than `stop_app` takes (rabbitmqctl boots an Erlang VM first, 1–3 s on a loaded machine): with a 2 s
            // pause the reply sometimes left before the broker went away and the call succeeded.
            let inFlight = Task {
                try await client.call(
                    cluster.method(EchoMethods.increment), incrementRequest("outage-\(UUID())", pauseBefore: 8_000),
                    options: .init(timeout: .seconds(20)))
            }
            try await Task.sleep(for: .milliseconds(300))
            try await TestEnvironment.broker("stop_app")
            do {
                let started = ContinuousClock.now
                await #expect(throws: RPCError.self) { _ = try await inFlight.value }
                #expect(ContinuousClock.now - started < .seconds(3))
                for _ in 0..<5 {
                    let attempt = ContinuousClock.now
                    try await expectRPCError(.unavailable) {
                        _ = try await client.call(cluster.method(EchoMethods.echo), .init(), options: .init(timeout: .seconds(5)))
                    }
                    #expect(ContinuousClock.now - attempt < .milliseconds(500))
                    try await Task.sleep(for: .milliseconds(200))
                }
            } catch {
                try? await TestEnvironment.broker("start_app")
                throw error
            }
            try await TestEnvironment.broker("start_app")

            let recovered = try await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
                _ = try await client.call(cluster.method(EchoMethods.echo), .init(), options: .init(timeout: .seconds(1)))
                return true
            }
            #expect(recovered)
            await client.close()
        }
    }

    @Test("an event written while the broker is down is published after it returns, and delivered once")
    func outboxDuringOutage() async throws {
        let routingKey = "testing.outbox.\(UUID().uuidString.prefix(8).lowercased())"
        let received = Mutex<[String]>([])
        let consumer = EventConsumer(
            service: "outboxtest", subscriber: String(routingKey.suffix(8)), routingKeys: [routingKey],
            configuration: TestEnvironment.amqp("outbox-consumer"),
            redelivery: nil, logger: TestEnvironment.logger
        ) { envelope, _ in
            received.withLock { $0.append(envelope.eventID) }
        }
        let consumerTask = Task { try await consumer.run() }
        #expect(await consumer.waitUntilConnected(timeout: .seconds(20)))

        try await withEchoDatabase { database in
            let relay = OutboxRelay(
                client: database, publisher: EventPublisher(configuration: TestEnvironment.amqp("outbox-relay"), logger: TestEnvironment.logger),
                logger: TestEnvironment.logger, idleInterval: .milliseconds(100))
            let relayTask = Task { try await relay.run() }
            defer { relayTask.cancel() }

            try await TestEnvironment.broker("stop_app")
            let eventID: String
            do {
                var payload = Metrology_Testing_V1_CounterBumped()
                payload.counter = "outbox"
                eventID = try await database.transaction(logger: TestEnvironment.logger) { connection in
                    try await Outbox.append(
                        EventType<Metrology_Testing_V1_CounterBumped>(testRoutingKey: routingKey), subject: "outbox", payload: payload,
                        trace: .random(),
                        on: connection, logger: TestEnvironment.logger)
                }
                relay.nudge()
                try await Task.sleep(for: .seconds(1))
                #expect(try await published(eventID, database) == false)
            } catch {
                try? await TestEnvironment.broker("start_app")
                throw error
            }
            try await TestEnvironment.broker("start_app")

            #expect(try await eventually(timeout: .seconds(30)) { received.withLock { $0.contains(eventID) } })
            #expect(try await eventually { try await published(eventID, database) })
            try await Task.sleep(for: .seconds(1))
            #expect(received.withLock { $0.filter { $0 == eventID }.count } == 1)
        }
        consumerTask.cancel()
    }

    func published(_ eventID: String, _ database: PostgresClient) async throws -> Bool {
        let rows = try await database.query("SELECT published_at IS NOT NULL FROM outbox WHERE event_id = \(eventID)", logger: TestEnvironment.logger)
        for try await done in rows.decode(Bool.self) { return done }
        return false
    }
}
