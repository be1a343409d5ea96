import Contracts
import Foundation
public import Logging
import Metrics
public import RPCCore
public import ServiceLifecycle
import SwiftProtobuf

/// Serves one service's request queue: competing consumers, manual acks after the reply, bounded prefetch,
/// concurrent handlers, deadlines, dead-lettering of poison messages, graceful shutdown.
public final class RPCServer: Service, Sendable {
    public struct Options: Sendable {
        /// Unacknowledged requests one instance holds at once; also its handler concurrency.
        public var prefetch: UInt16
        /// A redelivered message that has been delivered more often than this goes to the dead-letter queue.
        public var maxDeliveries: Int
        /// Arguments of the request and dead-letter queues, e.g. `x-queue-type: quorum` on a cluster.
        public var queueArguments: [String: AMQPHeaderValue]

        /// Where handlers run: on the connection's thread (default; no thread hand-over per request, but a handler
        /// that computes for long holds up this instance's other requests, so such work goes to `Task.detached`), or
        /// on the global task pool.
        public var handlersOnConnectionThread: Bool
        /// How long a request that names no deadline may run; past it the handler is cancelled like any other.
        public var defaultTimeout: Duration
        /// Turns an error that is not an `RPCError` into one (a lost database connection is UNAVAILABLE, not
        /// INTERNAL); nil for an error it does not know, which the caller then sees as INTERNAL.
        public var classify: @Sendable (any Error) -> RPCError?

        public init(
            prefetch: UInt16 = 32, maxDeliveries: Int = 3, queueArguments: [String: AMQPHeaderValue] = [:], handlersOnConnectionThread: Bool = true,
            defaultTimeout: Duration = .seconds(60), classify: @escaping @Sendable (any Error) -> RPCError? = { _ in nil }
        ) {
            self.defaultTimeout = defaultTimeout
            self.classify = classify
            self.handlersOnConnectionThread = handlersOnConnectionThread
            self.prefetch = prefetch
            self.maxDeliveries = maxDeliveries
            self.queueArguments = queueArguments
        }
    }

    public let service: String
    public let instanceID: String
    private let router: RPCRouter
    private let options: Options
    private let redelivery: (any RedeliveryTracker)?
    private let logger: Logger
    private let consumer: ConsumingConnection
    private let metrics: RPCServerMetrics
    private var connection: AMQPConnection { consumer.connection }

    public init(
        service: String, instanceID: String, configuration: AMQPConfiguration, router: RPCRouter, options: Options = .init(),
        redelivery: (any RedeliveryTracker)? = nil, logger: Logger
    ) {
        self.service = service
        self.instanceID = instanceID
        self.router = router
        self.options = options
        self.redelivery = redelivery
        self.logger = logger
        metrics = RPCServerMetrics(service: service)
        let queue = QueueNames.rpcQueue(service)
        consumer = ConsumingConnection(
            configuration: configuration.named("\(service)-rpc-\(instanceID)"),
            topology: AMQPTopology(
                queues: [.init(name: queue, arguments: options.queueArguments)], prefetch: options.prefetch,
                consumers: [.init(queue: queue, tag: "rpc-\(instanceID)")]),
            service: service, queueArguments: options.queueArguments, logger: logger)
    }

    public var isConnected: Bool { connection.isConnected }

    public func waitUntilConnected(timeout: Duration) async -> Bool { await connection.waitUntilConnected(timeout: timeout) }

    /// Cuts the broker connection as a crash would; unacknowledged requests go back to the queue. For tests.
    public func severForTesting() { connection.severForTesting() }

    public func run() async throws {
        await consumer.run(onConnectionThread: options.handlersOnConnectionThread) { await self.handle($0) }
        logger.info("RPC server stopped", metadata: ["service": "\(service)"])
    }

    // MARK: - One request

    private func handle(_ delivery: AMQPDelivery) async {
        let started = ContinuousClock.now
        let properties = delivery.properties
        guard let method = properties.type, let replyTo = properties.replyTo, !replyTo.isEmpty, let correlationID = properties.correlationID
        else {
            await deadLetter(delivery, reason: "请求缺少 type、reply_to 或 correlation_id，无法答复")
            return
        }
        // A body that is not an RpcRequest envelope (a foreign or broken client) is answered INVALID_ARGUMENT below.
        let envelope = try? RequestEnvelope(decoding: delivery.body)
        let trace = envelope?.trace ?? .random()
        let messageID = properties.messageID ?? correlationID
        let logger = self.logger.withRequestFields(trace: trace, ("method", method), ("message_id", messageID))
        let context = RPCContext(
            service: service, method: method, messageID: messageID,
            deadline: envelope.flatMap { $0.deadlineUnixMs > 0 ? Date(timeIntervalSince1970: Double($0.deadlineUnixMs) / 1000) : nil },
            authorization: envelope?.authorization, trace: trace.child(), redelivered: delivery.redelivered, deviceID: envelope?.deviceID,
            logger: logger)

        var replyBody: [UInt8] = []
        var failure: Metrology_Common_V1_Status?
        do {
            guard let envelope else { throw MalformedEnvelope() }
            replyBody = ReplyEnvelope.encodeOK(payload: try await execute(delivery, payload: envelope.payload, method: method, context: context))
        } catch let error as RPCError {
            failure = error.status
        } catch is MalformedEnvelope {
            failure = RPCError.invalidArgument("请求数据格式错误，无法解析", reason: "MALFORMED_REQUEST", details: ["method": method]).status
            await deadLetter(delivery, reason: "请求体不是 RpcRequest 信封，无法解析", ack: false)
        } catch let error as MalformedPayload {
            failure = RPCError.invalidArgument("请求数据格式错误，无法解析", reason: "MALFORMED_REQUEST", details: ["method": error.method]).status
            await deadLetter(delivery, reason: "请求数据无法解析为 \(error.method) 的请求消息", ack: false)
        } catch {
            if let known = options.classify(error) {
                logger.warning("handler failed", metadata: ["error": "\(String(reflecting: error))", "code": "\(known.code.name)"])
                failure = known.status
            } else {
                logger.error("handler failed", metadata: ["error": "\(String(reflecting: error))"])
                failure = RPCError.internal.status
            }
        }

        let outgoing = AMQPOutgoing(
            routingKey: replyTo, properties: AMQPProperties(contentType: RPCHeaders.contentType, correlationID: correlationID),
            body: failure.map(ReplyEnvelope.encode(status:)) ?? replyBody)
        // One write, the reply before the ack, so the ack never goes out first.
        connection.send(outgoing, acknowledging: delivery) { _ in }

        let code = failure.map { RPCCode(rawValue: $0.code).name } ?? "OK"
        metrics.record(method: method, code: code, duration: ContinuousClock.now - started)
        if let failure {
            logger.info("call failed", metadata: ["code": "\(code)", "reason": "\(failure.reason)"])
        }
    }

    private func execute(_ delivery: AMQPDelivery, payload: [UInt8], method: String, context: RPCContext) async throws -> [UInt8] {
        if let deadline = context.deadline, deadline <= Date() {
            // The caller has given up; running a write now would surprise it.
            throw RPCError.deadlineExceeded("请求在处理前已超时，未执行")
        }
        guard let handler = router.handlers[method] else { throw RPCError.unimplemented(method) }
        // The call's deadline cancels its handler (see withDeadline), so no handler outlives its caller's patience;
        // the delivery count, which needs a database connection too, is inside it.
        let deadline = context.deadline ?? Date().addingTimeInterval(Double(options.defaultTimeout.components.seconds))
        return try await withDeadline(deadline) {
            if delivery.redelivered, let redelivery = self.redelivery {
                let count = (try? await redelivery.recordDelivery(messageID: context.messageID, method: method)) ?? 0
                if count > self.options.maxDeliveries {
                    await self.deadLetter(delivery, reason: "已投递 \(count) 次仍未处理成功，判定为毒消息", ack: false)
                    throw RPCError(code: .internal, message: "该请求多次处理失败，已转入死信队列等待人工处理", reason: "POISON_MESSAGE")
                }
            }
            return try await handler(payload, context)
        }
    }

    private func deadLetter(_ delivery: AMQPDelivery, reason: String, ack: Bool = true) async {
        await consumer.deadLetter(delivery, from: QueueNames.rpcQueue(service), reason: reason, ack: ack)
    }
}

/// The body of a request is not an `RpcRequest` envelope.
private struct MalformedEnvelope: Error {}
