public import Contracts
import Foundation
public import Logging
public import RPCCore
import SwiftProtobuf
import Synchronization

/// Options of one call.
public struct CallOptions: Sendable {
    /// Every call has a deadline; there is no way to wait forever.
    public var timeout: Duration
    /// The idempotency key. Retries of the same logical call must reuse it; a new one is made when nil.
    public var messageID: String?
    /// The caller's access token, sent in the request envelope as "Bearer …".
    public var accessToken: String?
    public var trace: TraceContext?
    /// The mobile device the request claims to come from (`RpcRequest.device_id`); a token bound to another device is refused.
    public var deviceID: String?
    /// Retry UNAVAILABLE with the same message id until the deadline; safe because servers deduplicate by it.
    public var retryUnavailable: Bool

    public init(
        timeout: Duration = .seconds(5), messageID: String? = nil, accessToken: String? = nil, trace: TraceContext? = nil, deviceID: String? = nil,
        retryUnavailable: Bool = false
    ) {
        self.deviceID = deviceID
        self.timeout = timeout
        self.messageID = messageID
        self.accessToken = accessToken
        self.trace = trace
        self.retryUnavailable = retryUnavailable
    }
}

/// Calls any service over AMQP with gRPC semantics: request on the service's queue, reply via direct reply-to.
///
/// One connection serves any number of concurrent calls. When the connection breaks, every call in flight fails at
/// once with UNAVAILABLE (direct reply-to would drop its reply anyway); the connection comes back by itself and
/// re-creates the reply consumer.
public final class RPCClient: Sendable {
    private struct Pending {
        var continuation: UnsafeContinuation<[UInt8], any Error>
        var deadline: ContinuousClock.Instant
    }

    /// A class around the mutex, so closures can capture it (a `Mutex` cannot be copied). It also knows when the
    /// reaper will next look for expired calls, so that the reaper sleeps until the earliest deadline instead of
    /// waking every few milliseconds to find none.
    private final class PendingCalls: Sendable {
        private struct State {
            var calls: [String: Pending] = [:]
            /// When the reaper will look next; nil while it waits for a first call.
            var sweepAt: ContinuousClock.Instant?
        }

        private let state = Mutex(State())
        let reaperWakeup = Wakeup()

        func withLock<Result>(_ body: (inout [String: Pending]) -> Result) -> Result { state.withLock { body(&$0.calls) } }

        /// Adds a call, and wakes the reaper when this call's deadline comes before the reaper's next look.
        func add(_ id: String, _ call: Pending) {
            let earlier = state.withLock { state -> Bool in
                state.calls[id] = call
                if let at = state.sweepAt, at <= call.deadline { return false }
                state.sweepAt = call.deadline
                return true
            }
            if earlier { reaperWakeup.signal() }
        }

        /// Takes out the calls whose deadline has passed, and says when the next one's will.
        func expire(at now: ContinuousClock.Instant) -> (expired: [Pending], next: ContinuousClock.Instant?) {
            state.withLock { state in
                var expired: [Pending] = []
                var next: ContinuousClock.Instant?
                for (id, call) in state.calls {
                    if call.deadline <= now {
                        expired.append(call)
                        state.calls[id] = nil
                    } else if next.map({ call.deadline < $0 }) ?? true {
                        next = call.deadline
                    }
                }
                state.sweepAt = next
                return (expired, next)
            }
        }
    }

    private let connection: AMQPConnection
    private let pending: PendingCalls
    private let logger: Logger
    private let reaper = Mutex<Task<Void, Never>?>(nil)
    private let nextCorrelationID = Atomic<UInt64>(0)

    public init(configuration: AMQPConfiguration, logger: Logger) {
        let pending = PendingCalls()
        self.pending = pending
        self.logger = logger
        let topology = AMQPTopology(
            publisherConfirms: false,
            consumers: [.init(queue: RPCHeaders.directReplyTo, tag: "replies", noAck: true)])
        connection = AMQPConnection(
            configuration: configuration, topology: topology, logger: logger,
            onDelivery: { delivery in
                guard let id = delivery.properties.correlationID,
                    let call = pending.withLock({ $0.removeValue(forKey: id) })
                else { return }
                call.continuation.resume(returning: delivery.body)
            },
            onReturn: { returned in
                guard let id = returned.properties.correlationID, let call = pending.withLock({ $0.removeValue(forKey: id) }) else { return }
                call.continuation.resume(throwing: RPCError.unavailable("服务未启动或不可用", reason: "SERVICE_NOT_RUNNING"))
            },
            onStateChange: { state in
                guard case .disconnected = state else { return }
                let lost = pending.withLock { calls -> [Pending] in
                    defer { calls.removeAll() }
                    return Array(calls.values)
                }
                for call in lost { call.continuation.resume(throwing: RPCError.unavailable("与消息服务器的连接中断", reason: "BROKER_CONNECTION_LOST")) }
            })
    }

    /// Connects in the background and starts failing calls whose deadline passed.
    public func start() {
        connection.start()
        let task = Task { [pending] in
            while !Task.isCancelled {
                let (expired, next) = pending.expire(at: .now)
                for call in expired { call.continuation.resume(throwing: RPCError.deadlineExceeded()) }
                // Until the earliest deadline, or until a call with an earlier one is added.
                let pause = next.map { max(.milliseconds(1), $0 - .now) } ?? .seconds(60)
                await pending.reaperWakeup.wait(upTo: min(pause, .seconds(60)))
            }
        }
        reaper.withLock { $0 = task }
    }

    public func close() async {
        reaper.withLock { $0?.cancel() }
        await connection.close()
    }

    public var isConnected: Bool { connection.isConnected }

    /// The client connection's thread as a task executor. A task that makes many calls in a row and little else
    /// (a feed, a batch, a load generator) can prefer it, so each reply resumes the caller on the thread that read
    /// it instead of being handed to the global pool; see ConnectionExecutor.swift.
    public var executor: any TaskExecutor { connection }

    public func waitUntilConnected(timeout: Duration) async -> Bool { await connection.waitUntilConnected(timeout: timeout) }

    /// Calls `method` and decodes its response, or throws an `RPCError`.
    public func call<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions = .init()
    ) async throws -> Response {
        let payload: [UInt8]
        do { payload = try request.serializedBytes() } catch { throw RPCError.invalidArgument("请求无法编码", reason: "ENCODING_FAILED") }
        let reply = try await call(queue: method.queue, method: method.fullName, payload: payload, options: options)
        do {
            return try reply.decode(Response.self)
        } catch {
            throw RPCError(code: .internal, message: "服务返回的数据无法解析", reason: "MALFORMED_RESPONSE")
        }
    }

    /// Sends already-encoded bytes; returns the reply payload when the status is OK.
    public func callRaw(service: String, method: String, payload: [UInt8], options: CallOptions) async throws -> [UInt8] {
        try await call(queue: QueueNames.rpcQueue(service), method: method, payload: payload, options: options).payloadBytes
    }

    private func call(queue: String, method: String, payload: [UInt8], options: CallOptions) async throws -> ReplyEnvelope {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.timeout)
        let wallDeadline = Date().addingTimeInterval(options.timeout.seconds)
        let messageID = options.messageID ?? RandomBytes.uuidString()
        var backoff = Duration.milliseconds(50)
        while true {
            do {
                return try await attempt(
                    queue: queue, method: method, payload: payload, options: options, messageID: messageID, deadline: deadline,
                    wallDeadline: wallDeadline)
            } catch let error as RPCError where error.code == .unavailable && options.retryUnavailable {
                guard clock.now.advanced(by: backoff) < deadline else { throw error }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
            }
        }
    }

    private func attempt(
        queue: String, method: String, payload: [UInt8], options: CallOptions, messageID: String,
        deadline: ContinuousClock.Instant, wallDeadline: Date
    ) async throws -> ReplyEnvelope {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw RPCError.deadlineExceeded() }
        // Only this client's reply consumer sees it, so a counter is unique enough and costs nothing.
        let correlationID = RandomBytes.hex(nextCorrelationID.add(1, ordering: .relaxed).newValue)
        // Deadline, trace and token travel in the body's envelope, not in AMQP headers (see RpcRequest in
        // proto/metrology/common/v1/status.proto), and there is no per-message TTL (`expiration`): the broker would
        // decode and re-encode them on every request, and arm a timer for a TTL (see BENCHMARKS.md).
        let body = RequestEnvelope(
            payload: payload, deadlineUnixMs: Int64(wallDeadline.timeIntervalSince1970 * 1000), trace: options.trace ?? .random(),
            authorization: options.accessToken.map { "Bearer \($0)" }, deviceID: options.deviceID
        ).encoded()
        let message = AMQPOutgoing(
            routingKey: queue,
            properties: AMQPProperties(
                contentType: RPCHeaders.contentType, correlationID: correlationID, replyTo: RPCHeaders.directReplyTo, messageID: messageID,
                type: method),
            body: body, mandatory: true)

        let replyBody: [UInt8] = try await withTaskCancellationHandler {
            // Unsafe rather than checked: each continuation is resumed by whoever removes it from `pending`, once.
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<[UInt8], any Error>) in
                pending.add(correlationID, Pending(continuation: continuation, deadline: deadline))
                connection.send(message) { [pending] error in
                    guard error != nil, let call = pending.withLock({ $0.removeValue(forKey: correlationID) }) else { return }
                    call.continuation.resume(throwing: RPCError.unavailable("无法连接消息服务器", reason: "BROKER_UNAVAILABLE"))
                }
            }
        } onCancel: { [pending] in
            pending.withLock { $0.removeValue(forKey: correlationID) }?.continuation.resume(throwing: RPCError.cancelled)
        }

        return try ReplyEnvelope(decoding: replyBody)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
