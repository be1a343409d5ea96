import Contracts
import Foundation
import Messaging
import Synchronization

/// Consumes a service's dead-letter queue so a test can see what was taken out of service and why.
final class DeadLetterReader: Sendable {
    private let received = Mutex<[AMQPDelivery]>([])
    private let connection: AMQPConnection

    init(service: String) async throws {
        let box = Box()
        connection = AMQPConnection(
            configuration: TestEnvironment.amqp("dlq-reader"),
            topology: AMQPTopology(
                exchanges: [.init(name: QueueNames.deadLetterExchange, type: "direct")],
                queues: [.init(name: QueueNames.deadLetterQueue(service))],
                bindings: [.init(queue: QueueNames.deadLetterQueue(service), exchange: QueueNames.deadLetterExchange, routingKey: service)],
                publisherConfirms: false, consumers: [.init(queue: QueueNames.deadLetterQueue(service), tag: "dlq-reader", noAck: true)]),
            logger: TestEnvironment.logger, onDelivery: { box.append($0) })
        box.owner = self
        connection.start()
        guard await connection.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("DLQ reader could not connect") }
    }

    var messages: [AMQPDelivery] { received.withLock { $0 } }

    func reasons() -> [String] { messages.compactMap { $0.properties.headers[RPCHeaders.deadLetterReason]?.stringValue } }

    func close() async { await connection.close() }

    fileprivate func append(_ delivery: AMQPDelivery) { received.withLock { $0.append(delivery) } }

    /// Breaks the init-time cycle: the connection's callback needs the reader, which needs the connection.
    private final class Box: @unchecked Sendable {
        weak var owner: DeadLetterReader?
        func append(_ delivery: AMQPDelivery) { owner?.append(delivery) }
    }
}
