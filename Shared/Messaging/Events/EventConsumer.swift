public import Contracts
import Foundation
public import Logging
public import RPCCore
public import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Consumes events from a durable queue bound to `metrology.events`. The handler must be idempotent by event id
/// (ServiceKit's inbox does that in the handler's transaction): the broker may deliver an event more than once.
/// A failing event is retried after a pause; one that fails `maxDeliveries` times, or cannot be decoded (its envelope
/// here, its payload in the handler, which throws `UndecodableEvent`), goes to the dead-letter queue with the reason,
/// and the consumer keeps going. A failure `isTransient` calls passing (a database restarting, a lost connection) is
/// retried with a pause that doubles up to `longestRetryPause` and never counts towards `maxDeliveries`: waiting out
/// an outage must not dead-letter every event that arrived during it.
///
/// Services do not use it directly: `InboxConsumer` (Persistence) adds the declarations, the transaction, the inbox
/// claim and the audit entry.
public final class EventConsumer: Service, Sendable {
    public typealias Handler = @Sendable (Metrology_Common_V1_EventEnvelope, Logger) async throws -> Void

    private let service: String
    private let queue: String
    private let handler: Handler
    private let redelivery: (any RedeliveryTracker)?
    private let maxDeliveries: Int
    private let retryPause: Duration
    private let longestRetryPause: Duration
    private let isTransient: @Sendable (any Error) -> Bool
    /// Transient failures in a row, for the pause; and the events last requeued after one, whose next delivery is
    /// not charged as a redelivery.
    private let transient = Mutex<(inARow: Int, requeued: Set<String>)>((0, []))
    private let logger: Logger
    private let consumer: ConsumingConnection
    private var connection: AMQPConnection { consumer.connection }

    /// - Parameters:
    ///   - subscriber: names the queue `metrology.<service>.events.<subscriber>`.
    ///   - routingKeys: binding patterns such as `identity.user.*`.
    public init(
        service: String, subscriber: String, routingKeys: [String], configuration: AMQPConfiguration, prefetch: UInt16 = 16,
        maxDeliveries: Int = 5, retryPause: Duration = .seconds(1), queueArguments: [String: AMQPHeaderValue] = [:],
        redelivery: (any RedeliveryTracker)?, logger: Logger, isTransient: @escaping @Sendable (any Error) -> Bool = { _ in false },
        longestRetryPause: Duration = .seconds(30), handler: @escaping Handler
    ) {
        self.isTransient = isTransient
        self.longestRetryPause = longestRetryPause
        self.service = service
        let queue = QueueNames.eventQueue(service, subscriber)
        self.queue = queue
        self.handler = handler
        self.redelivery = redelivery
        self.maxDeliveries = maxDeliveries
        self.retryPause = retryPause
        self.logger = logger
        consumer = ConsumingConnection(
            configuration: configuration.named("\(service)-events-\(subscriber)"),
            topology: AMQPTopology(
                exchanges: [.init(name: QueueNames.eventsExchange)], queues: [.init(name: queue, arguments: queueArguments)],
                bindings: routingKeys.map { .init(queue: queue, exchange: QueueNames.eventsExchange, routingKey: $0) }, prefetch: prefetch,
                consumers: [.init(queue: queue, tag: "events-\(subscriber)-\(UUID().uuidString.prefix(8))")]),
            service: service, queueArguments: queueArguments, logger: logger)
    }

    public func waitUntilConnected(timeout: Duration) async -> Bool { await connection.waitUntilConnected(timeout: timeout) }

    public func run() async throws {
        await consumer.run(onConnectionThread: true) { await self.handle($0) }
    }

    private func handle(_ delivery: AMQPDelivery) async {
        guard let envelope = try? Metrology_Common_V1_EventEnvelope(serializedBytes: delivery.body), !envelope.eventID.isEmpty else {
            await deadLetter(delivery, reason: "事件无法解析为 EventEnvelope", code: "EVENT_UNDECODABLE")
            return
        }
        let logger = self.logger.withRequestFields(
            trace: TraceContext(traceparent: envelope.traceparent), ("event_id", envelope.eventID), ("event_type", envelope.type))
        let retriedAfterOutage = transient.withLock { $0.requeued.remove(envelope.eventID) != nil }
        if delivery.redelivered, !retriedAfterOutage, let redelivery {
            let count = (try? await redelivery.recordDelivery(messageID: envelope.eventID, method: "event:\(queue)")) ?? 0
            if count > maxDeliveries {
                await deadLetter(delivery, reason: "事件已投递 \(count) 次仍处理失败，判定为毒消息", code: "EVENT_POISON")
                return
            }
        }
        do {
            try await handler(envelope, logger)
            transient.withLock { $0.inARow = 0 }
            connection.ack(delivery)
        } catch let error as UndecodableEvent {
            logger.error("undecodable event", metadata: ["reason": "\(error.reason)", "code": "\(error.code)"])
            await deadLetter(delivery, reason: "事件无法解析：\(error.reason)", code: error.code)
        } catch  where isTransient(error) {
            let pause = transient.withLock { state -> Duration in
                state.inARow += 1
                state.requeued.insert(envelope.eventID)
                return Self.pause(after: state.inARow, first: retryPause, longest: longestRetryPause)
            }
            logger.warning("event handler hit a transient failure; will retry", metadata: ["error": "\(error)", "pause": "\(pause)"])
            try? await Task.sleep(for: pause)
            connection.reject(delivery, requeue: true)
        } catch {
            logger.warning("event handler failed; will retry", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: retryPause)
            connection.reject(delivery, requeue: true)
        }
    }

    /// `first` doubled for each failure in a row after the first, at most `longest`.
    static func pause(after failures: Int, first: Duration, longest: Duration) -> Duration {
        var pause = first
        for _ in 1..<max(failures, 1) where pause < longest { pause = pause * 2 }
        return min(pause, longest)
    }

    private func deadLetter(_ delivery: AMQPDelivery, reason: String, code: String) async {
        await consumer.deadLetter(delivery, from: queue, reason: reason, code: code, ack: true)
    }
}
