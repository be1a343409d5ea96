public import Contracts
import Foundation
public import Logging
import SwiftProtobuf

/// Publishes event envelopes to the durable topic exchange `metrology.events` as persistent messages and returns
/// only when the broker has confirmed them. Services do not call it directly: they write to their outbox and the
/// relay publishes, so an event is never lost between a commit and a broker outage.
public final class EventPublisher: Sendable {
    let connection: AMQPConnection

    public init(configuration: AMQPConfiguration, logger: Logger) {
        connection = AMQPConnection(
            configuration: configuration, topology: AMQPTopology(exchanges: [.init(name: QueueNames.eventsExchange)], publisherConfirms: true),
            logger: logger)
    }

    public func start() { connection.start() }
    public func close() async { await connection.close() }
    public var isConnected: Bool { connection.isConnected }
    public func waitUntilConnected(timeout: Duration) async -> Bool { await connection.waitUntilConnected(timeout: timeout) }

    public func publish(_ envelope: Metrology_Common_V1_EventEnvelope) async throws {
        try await connection.publish(try Self.message(envelope), confirm: true)
    }

    /// The persistent message that carries `envelope`, routed by its type.
    static func message(_ envelope: Metrology_Common_V1_EventEnvelope) throws -> AMQPOutgoing {
        AMQPOutgoing(
            exchange: QueueNames.eventsExchange, routingKey: envelope.type,
            properties: AMQPProperties(
                contentType: RPCHeaders.contentType, messageID: envelope.eventID, type: envelope.type,
                timestamp: UInt64(envelope.occurredAt.seconds), appID: envelope.source, persistent: true,
                headers: envelope.traceparent.isEmpty ? [:] : [RPCHeaders.traceparent: .string(envelope.traceparent)]),
            body: try envelope.serializedBytes())
    }
}
