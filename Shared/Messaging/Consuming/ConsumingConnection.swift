import Contracts
import Logging
import Metrics
import ServiceLifecycle

/// A connection that consumes, shared by the RPC server and the event consumer: deliveries flow through an
/// `AsyncStream` into concurrent handlers (bounded by the prefetch); on graceful shutdown it cancels its consumers,
/// lets the handlers in flight finish and then closes. It also owns the service's dead-letter queue.
///
/// Dead letters go out on a connection of their own with publisher confirms; the consuming connection has none,
/// because in confirm mode the broker would have to confirm every reply too, which costs it more than the rest of
/// the call (measured: see BENCHMARKS.md).
final class ConsumingConnection: Sendable {
    let connection: AMQPConnection
    private let deadLetterConnection: AMQPConnection
    let service: String
    private let logger: Logger
    private let intake = DeliveryIntake()

    /// - Parameter topology: what to consume; the dead-letter exchange and `metrology.<service>.dlq` are added.
    init(configuration: AMQPConfiguration, topology: AMQPTopology, service: String, queueArguments: [String: AMQPHeaderValue], logger: Logger) {
        self.service = service
        self.logger = logger
        var topology = topology
        topology.publisherConfirms = false
        connection = AMQPConnection(configuration: configuration, topology: topology, logger: logger, onDelivery: { [intake] in intake.accept($0) })
        let deadLetters = QueueNames.deadLetterQueue(service)
        deadLetterConnection = AMQPConnection(
            configuration: configuration.named(configuration.connectionName + "-dlq"),
            topology: AMQPTopology(
                exchanges: [.init(name: QueueNames.deadLetterExchange, type: "direct")],
                queues: [.init(name: deadLetters, arguments: queueArguments)],
                bindings: [.init(queue: deadLetters, exchange: QueueNames.deadLetterExchange, routingKey: service)], publisherConfirms: true),
            logger: logger)
    }

    /// - Parameter onConnectionThread: run the handlers on the connection's thread (see ConnectionExecutor.swift),
    ///   one task per delivery started where it was read, instead of on the global pool.
    func run(onConnectionThread: Bool, _ handle: @escaping @Sendable (AMQPDelivery) async -> Void) async {
        if onConnectionThread { intake.startTasks(on: connection, handle) }
        deadLetterConnection.start()
        connection.start()
        await withGracefulShutdownHandler {
            if onConnectionThread {
                // Nothing comes through the stream; it ends at shutdown (or when this task is cancelled).
                for await _ in intake.stream {}
                await intake.drain()
            } else {
                await withDiscardingTaskGroup { group in
                    for await delivery in intake.stream {
                        group.addTask { await handle(delivery) }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop taking new messages; the stream ends and the handlers in flight are waited for.
            Task {
                await self.connection.cancelConsumers()
                self.intake.finish()
            }
        }
        await connection.close()
        await deadLetterConnection.close()
    }

    /// Copies a message to the dead-letter queue with the reason, confirmed by the broker; acks the original when
    /// asked. When the copy fails the original is left unacknowledged, so the broker gives it back: nothing is lost.
    /// - Parameter code: a stable code for programs, in its own header beside the reason for people.
    func deadLetter(_ delivery: AMQPDelivery, from queue: String, reason: String, code: String? = nil, ack: Bool) async {
        var properties = delivery.properties
        properties.persistent = true
        properties.expiration = nil
        properties.headers[RPCHeaders.deadLetterReason] = .string(reason)
        if let code { properties.headers[RPCHeaders.deadLetterCode] = .string(code) }
        properties.headers[RPCHeaders.originalQueue] = .string(queue)
        properties.headers[RPCHeaders.originalType] = .string(delivery.properties.type ?? "")
        do {
            try await deadLetterConnection.publish(
                AMQPOutgoing(exchange: QueueNames.deadLetterExchange, routingKey: service, properties: properties, body: delivery.body), confirm: true
            )
            logger.warning("message dead-lettered", metadata: ["queue": "\(queue)", "reason": "\(reason)"])
            Counter(label: "dead_letters_total", dimensions: [("service", service), ("queue", queue)]).increment()
            if ack { connection.ack(delivery) }
        } catch {
            logger.error("dead-lettering failed", metadata: ["error": "\(error)"])
        }
    }
}
