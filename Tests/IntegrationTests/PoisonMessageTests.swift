import Contracts
import Foundation
import Messaging
import Persistence
import Synchronization
import Testing

/// Events that cannot be handled go to the dead-letter queue with the reason, and the consumer keeps going.
@Suite("Poison messages", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct PoisonMessageTests {
    @Test("an undecodable event and one that fails every time are dead-lettered; the next good one is handled")
    func poisonEvents() async throws {
        let service = "poison\(UUID().uuidString.prefix(6).lowercased())"
        let routingKey = "testing.\(service).happened"
        let deadLetters = try await DeadLetterReader(service: service)
        let handled = Mutex<[String]>([])
        let attempts = Mutex<Int>(0)
        try await withEchoDatabase { database in
            let consumer = EventConsumer(
                service: service, subscriber: "main", routingKeys: [routingKey], configuration: TestEnvironment.amqp("poison-consumer"),
                maxDeliveries: 3,
                retryPause: .milliseconds(50), redelivery: PostgresRedeliveryTracker(client: database, logger: TestEnvironment.logger),
                logger: TestEnvironment.logger
            ) { envelope, _ in
                if envelope.subject == "always-fails" {
                    attempts.withLock { $0 += 1 }
                    throw TestFailure("this event always fails")
                }
                handled.withLock { $0.append(envelope.subject) }
            }
            let task = Task { try await consumer.run() }
            defer { task.cancel() }
            #expect(await consumer.waitUntilConnected(timeout: .seconds(20)))

            let publisher = EventPublisher(configuration: TestEnvironment.amqp("poison-publisher"), logger: TestEnvironment.logger)
            publisher.start()
            #expect(await publisher.waitUntilConnected(timeout: .seconds(10)))
            let raw = AMQPConnection(
                configuration: TestEnvironment.amqp("poison-raw"), topology: .init(publisherConfirms: true), logger: TestEnvironment.logger)
            raw.start()
            #expect(await raw.waitUntilConnected(timeout: .seconds(10)))

            try await raw.publish(
                AMQPOutgoing(exchange: QueueNames.eventsExchange, routingKey: routingKey, properties: .init(persistent: true), body: [0xDE, 0xAD]),
                confirm: true)
            try await publisher.publish(envelope(routingKey, subject: "always-fails"))
            try await publisher.publish(envelope(routingKey, subject: "fine"))

            #expect(try await eventually { deadLetters.reasons().count == 2 })
            let reasons = deadLetters.reasons()
            #expect(reasons.contains { $0.contains("无法解析") })
            #expect(reasons.contains { $0.contains("毒消息") })
            #expect(attempts.withLock { $0 } == 3)
            #expect(try await eventually { handled.withLock { $0 } == ["fine"] })
            await publisher.close()
            await raw.close()
        }
        await deadLetters.close()
    }

    func envelope(_ type: String, subject: String) -> Metrology_Common_V1_EventEnvelope {
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.eventID = UUID().uuidString
        envelope.type = type
        envelope.source = "tests"
        envelope.subject = subject
        return envelope
    }
}
