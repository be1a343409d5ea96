import CDispatch
import CRabbitMQ
import Foundation
import Glibc
import Logging
import Synchronization

/// The state behind one connection: the C handle, pending confirms, a half-read message.
///
/// librabbitmq is not thread-safe, so every call on a connection is serialized by `io`. The connection thread holds
/// it all the time except while it waits in `poll()`; in that window another thread may take it for a publish or an
/// ack (`runDirectly`) instead of queueing a command and waking the connection thread.
final class AMQPWorker: @unchecked Sendable {
    private struct Partial {
        var delivery: AMQPDelivery?
        var returned: AMQPReturned?
        var bodySize: Int = 0
        var body: [UInt8] = []
        var headerSeen = false
    }

    private struct ConnectionLost: Error {
        let reason: String
    }

    private let connection: AMQPConnection
    private var logger: Logger { connection.logger }
    private var handle: amqp_connection_state_t?
    private var generation: UInt64 = 0
    private var nextPublishSequence: UInt64 = 1
    private var confirms: [UInt64: AMQPConnection.Completion] = [:]
    private var partial: Partial?
    /// Set when a direct publish or ack failed on the socket; the connection thread then reconnects.
    private var directFailure: String?
    private let io = NSLock()
    private enum Corking {
        case off
        case armed(Int32)
        case corked(Int32)
    }
    /// Only touched with `io` held; `.off` outside the connection thread's rounds of work.
    private var corking = Corking.off
    /// The frames of one publish, encoded for a single send; reused, only touched with `io` held.
    private var frames: [UInt8] = []
    /// The C strings of one publish; reset, not freed, between publishes. Only touched with `io` held.
    private let publishArena = CArena()
    /// Names that come with every delivery; connection thread only.
    private let interned = InternedStrings()
    private static let channel: amqp_channel_t = 1

    init(connection: AMQPConnection) {
        self.connection = connection
    }

    // MARK: - Lifecycle

    func run() {
        io.lock()
        connection.shared.withLock { $0.thread = pthread_self() }
        var backoff = connection.configuration.reconnectBackoff.lowerBound
        while !closeRequested {
            connection.setState(.connecting)
            do {
                try connect()
                backoff = connection.configuration.reconnectBackoff.lowerBound
                try serve()
                closeGracefully()
                break
            } catch {
                let reason = (error as? ConnectionLost)?.reason ?? "\(error)"
                teardown(reason: reason)
                if closeRequested { break }
                logger.warning("AMQP connection lost, reconnecting", metadata: ["reason": "\(reason)", "backoff": "\(backoff)"])
                sleepInterruptibly(backoff)
                backoff = min(backoff * 2, connection.configuration.reconnectBackoff.upperBound)
            }
        }
        teardown(reason: "closed")
        connection.setState(.closed)
        connection.runQueuedJobs()
        io.unlock()
        // From here on jobs go to the global executor (see ConnectionExecutor.swift); those still queued go there too.
        let (waiters, jobs) = connection.shared.withLock { state -> ([CheckedContinuation<Void, Never>], [UnownedJob]) in
            state.finished = true
            defer {
                state.closeWaiters = []
                state.jobs = []
            }
            return (state.closeWaiters, state.jobs)
        }
        for job in jobs { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
        waiters.forEach { $0.resume() }
    }

    private var closeRequested: Bool { connection.shared.withLock { $0.closeRequested } }

    private func connect() throws {
        let config = connection.configuration
        guard let handle = amqp_new_connection() else { throw ConnectionLost(reason: "amqp_new_connection failed") }
        self.handle = handle
        guard let socket = amqp_tcp_socket_new(handle) else { throw ConnectionLost(reason: "amqp_tcp_socket_new failed") }
        var connectTimeout = timeval(config.connectTimeout)
        let opened = amqp_socket_open_noblock(socket, config.host, Int32(config.port), &connectTimeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw ConnectionLost(reason: "cannot reach \(config.host):\(config.port): \(String(cString: amqp_error_string2(opened)))")
        }
        // Bound every synchronous broker call, so a broker that stops answering cannot hang this thread.
        var rpcTimeout = timeval(.seconds(10))
        amqp_set_rpc_timeout(handle, &rpcTimeout)
        amqp_set_handshake_timeout(handle, &rpcTimeout)

        let arena = CArena()
        var clientProperties = arena.table(["connection_name": .string(config.connectionName)])
        try check(
            metrology_amqp_login_plain(
                handle, config.virtualHost, 0, 131_072, config.heartbeatSeconds, &clientProperties, config.user, config.password),
            "login")
        amqp_channel_open(handle, Self.channel)
        try check(amqp_get_rpc_reply(handle), "channel.open")
        try declareTopology(handle, arena: arena)
        generation += 1
        nextPublishSequence = 1
        connection.setState(.connected(generation: generation))
        logger.info("AMQP connected", metadata: ["name": "\(config.connectionName)", "generation": "\(generation)"])
    }

    private func declareTopology(_ handle: amqp_connection_state_t, arena: CArena) throws {
        let topology = connection.topology
        if topology.publisherConfirms {
            amqp_confirm_select(handle, Self.channel)
            try check(amqp_get_rpc_reply(handle), "confirm.select")
        }
        for exchange in topology.exchanges {
            amqp_exchange_declare(
                handle, Self.channel, arena.bytes(exchange.name), arena.bytes(exchange.type), 0, exchange.durable ? 1 : 0, 0, 0,
                amqp_empty_table)
            try check(amqp_get_rpc_reply(handle), "exchange.declare \(exchange.name)")
        }
        for queue in topology.queues {
            amqp_queue_declare(
                handle, Self.channel, arena.bytes(queue.name), 0, queue.durable ? 1 : 0, queue.exclusive ? 1 : 0,
                queue.autoDelete ? 1 : 0, arena.table(queue.arguments))
            try check(amqp_get_rpc_reply(handle), "queue.declare \(queue.name)")
        }
        for binding in topology.bindings {
            amqp_queue_bind(
                handle, Self.channel, arena.bytes(binding.queue), arena.bytes(binding.exchange), arena.bytes(binding.routingKey),
                amqp_empty_table)
            try check(amqp_get_rpc_reply(handle), "queue.bind \(binding.queue)")
        }
        if topology.prefetch > 0 {
            amqp_basic_qos(handle, Self.channel, 0, topology.prefetch, 0)
            try check(amqp_get_rpc_reply(handle), "basic.qos")
        }
        let cancelled = connection.shared.withLock { $0.consumersCancelled }
        if !cancelled {
            for consumer in topology.consumers {
                amqp_basic_consume(
                    handle, Self.channel, arena.bytes(consumer.queue), arena.bytes(consumer.tag), 0, consumer.noAck ? 1 : 0, 0,
                    amqp_empty_table)
                try check(amqp_get_rpc_reply(handle), "basic.consume \(consumer.queue)")
            }
        }
    }

    private func check(_ reply: amqp_rpc_reply_t, _ what: String) throws {
        if let problem = describe(reply) { throw ConnectionLost(reason: "\(what): \(problem)") }
    }

    private func closeGracefully() {
        guard let handle else { return }
        _ = amqp_channel_close(handle, Self.channel, AMQP_REPLY_SUCCESS)
        _ = amqp_connection_close(handle, AMQP_REPLY_SUCCESS)
    }

    /// Drops the C connection and fails everything that waited on it.
    private func teardown(reason: String) {
        corking = .off
        if let handle {
            amqp_destroy_connection(handle)
            self.handle = nil
        }
        partial = nil
        directFailure = nil
        let lost = AMQPError.connectionLost(reason)
        let waiting = confirms
        confirms = [:]
        for completion in waiting.values { completion(lost) }
        let pending = connection.shared.withLock { state -> [AMQPConnection.Command] in
            defer { state.commands = [] }
            return state.commands
        }
        for command in pending { fail(command, lost) }
        if !closeRequested { connection.setState(.disconnected(reason: reason)) }
    }

    private func fail(_ command: AMQPConnection.Command, _ error: AMQPError) {
        switch command {
        case .publish(_, _, _, let completion): completion(error)
        case .cancelConsumers(let continuation): continuation.resume()
        case .ack, .reject, .close, .sever: break
        }
    }

    /// Waits out a reconnect backoff; a command (such as close) ends it early. Jobs keep running meanwhile, so a
    /// task waiting on this executor learns of the lost connection at once.
    private func sleepInterruptibly(_ duration: Duration) {
        let end = ContinuousClock.now.advanced(by: duration)
        while true {
            drainWakePipe()
            let pending = connection.shared.withLock { state -> [AMQPConnection.Command] in
                state.wakePending = false
                defer { state.commands = [] }
                return state.commands
            }
            for command in pending { fail(command, .notConnected()) }
            if !pending.isEmpty { return }
            connection.runQueuedJobs()
            let remaining = end - ContinuousClock.now
            if remaining <= .zero { return }
            if connection.hasQueuedJobs { continue }
            var fds = [pollfd(fd: connection.wakeReadFD, events: Int16(POLLIN), revents: 0)]
            io.unlock()
            _ = poll(&fds, 1, Int32(max(1, remaining.milliseconds)))
            io.lock()
        }
    }

    /// See the type's comment. Returns false when the command must be queued instead.
    func runDirectly(_ command: AMQPConnection.Command) -> Bool {
        // The connection thread holds `io` whenever it runs other code (jobs, callbacks), so it may go ahead.
        if connection.isOnConnectionThread { return runHoldingIO(command) }
        guard io.try() else { return false }
        defer { io.unlock() }
        return runHoldingIO(command)
    }

    private func runHoldingIO(_ command: AMQPConnection.Command) -> Bool {
        guard let handle, directFailure == nil, connection.shared.withLock({ $0.commands.isEmpty && !$0.closeRequested }) else { return false }
        do {
            guard try perform(command, handle) else { return false }
        } catch {
            // publish() has already failed its completion; the connection thread notices and reconnects.
            directFailure = (error as? ConnectionLost)?.reason ?? "\(error)"
            connection.wake()
        }
        return true
    }

    // MARK: - Serving

    private func serve() throws {
        guard let handle else { return }
        let socket = amqp_get_sockfd(handle)
        while true {
            if let directFailure { throw ConnectionLost(reason: directFailure) }
            // Everything this round writes (replies and acks of all the jobs, queued publishes) leaves in as few
            // TCP segments as possible: each segment costs the kernel a loopback or network round and the broker a
            // wake-up, more than the rest of a small call (see BENCHMARKS.md). The first write corks the socket.
            // A round with a single job or command writes at most one reply and its ack; corking would only hold the
            // reply back until the job's bookkeeping is done.
            let batched = connection.shared.withLock { $0.jobs.count + $0.commands.count > 1 }
            corking = batched ? .armed(socket) : .off
            let closing = try runCommands(handle)
            if !closing { connection.runQueuedJobs() }
            if case .corked(let socket) = corking { setCork(socket, false) }
            corking = .off
            if closing { return }
            if let directFailure { throw ConnectionLost(reason: directFailure) }
            let moreToRun = connection.shared.withLock { !$0.jobs.isEmpty || !$0.commands.isEmpty }
            if !moreToRun && amqp_frames_enqueued(handle) == 0 && amqp_data_in_buffer(handle) == 0 {
                // A tuple, not an array: this runs once per message, and an array would be a heap allocation.
                var fds = (
                    pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: connection.wakeReadFD, events: Int16(POLLIN), revents: 0)
                )
                // The timeout lets librabbitmq send heartbeats on an idle connection. Other threads may publish
                // and ack while this one waits.
                io.unlock()
                let ready = withUnsafeMutableBytes(of: &fds) { poll($0.baseAddress!.assumingMemoryBound(to: pollfd.self), 2, 1000) }
                let pollError = errno
                io.lock()
                if ready < 0 && pollError != EINTR { throw ConnectionLost(reason: "poll failed: \(pollError)") }
                if fds.1.revents != 0 { drainWakePipe() }
                if fds.0.revents == 0 {
                    try readFrames(handle, limit: 1)
                    continue
                }
            }
            try readFrames(handle, limit: 256)
        }
    }

    /// TCP_CORK holds partial segments until it is cleared; clearing it sends what is held at once.
    private func setCork(_ socket: Int32, _ on: Bool) {
        var value: Int32 = on ? 1 : 0
        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Called before each write: corks the socket at the first write of a round on the connection thread.
    private func corkIfArmed() {
        guard case .armed(let socket) = corking else { return }
        setCork(socket, true)
        corking = .corked(socket)
    }

    private func drainWakePipe() {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            while read(connection.wakeReadFD, buffer.baseAddress, buffer.count) > 0 {}
        }
    }

    /// Runs queued commands; returns true when a close was requested.
    private func runCommands(_ handle: amqp_connection_state_t) throws -> Bool {
        var commands = connection.shared.withLock { state in
            state.wakePending = false
            return state.spareCommands.take(&state.commands)
        }
        if commands.isEmpty { return false }
        defer { connection.shared.withLock { $0.spareCommands.recycle(&commands) } }
        var closing = false
        for (index, command) in commands.enumerated() {
            do {
                switch command {
                case .publish, .ack, .reject:
                    _ = try perform(command, handle)
                case .cancelConsumers(let continuation):
                    let arena = CArena()
                    for consumer in connection.topology.consumers {
                        amqp_basic_cancel(handle, Self.channel, arena.bytes(consumer.tag))
                        try check(amqp_get_rpc_reply(handle), "basic.cancel")
                    }
                    continuation.resume()
                case .sever:
                    shutdown(amqp_get_sockfd(handle), Int32(SHUT_RDWR))
                    throw ConnectionLost(reason: "severed on purpose")
                case .close:
                    closing = true
                }
            } catch {
                // Whatever was not run yet fails with the connection.
                let lost = AMQPError.connectionLost("\(error)")
                // publish() runs its own completion before it throws; a cancel must still be answered.
                if case .cancelConsumers(let continuation) = command { continuation.resume() }
                for later in commands[(index + 1)...] { fail(later, lost) }
                throw error
            }
        }
        return closing
    }

    /// Runs a publish, ack or reject (an ack or reject of a delivery from before a reconnect is dropped: the broker
    /// has requeued it). Returns false for the other commands, which only the connection thread's loop runs.
    private func perform(_ command: AMQPConnection.Command, _ handle: amqp_connection_state_t) throws -> Bool {
        switch command {
        case .publish(let message, let waitForConfirm, let acknowledgement, let completion):
            try publish(handle, message, waitForConfirm: waitForConfirm, then: acknowledgement, completion: completion)
        case .ack(let tag, let commandGeneration):
            guard commandGeneration == generation else { return true }
            corkIfArmed()
            let status = amqp_basic_ack(handle, Self.channel, tag, 0)
            if status != AMQP_STATUS_OK.rawValue { throw ConnectionLost(reason: "basic.ack: \(String(cString: amqp_error_string2(status)))") }
        case .reject(let tag, let requeue, let commandGeneration):
            guard commandGeneration == generation else { return true }
            corkIfArmed()
            let status = amqp_basic_reject(handle, Self.channel, tag, requeue ? 1 : 0)
            if status != AMQP_STATUS_OK.rawValue { throw ConnectionLost(reason: "basic.reject: \(String(cString: amqp_error_string2(status)))") }
        case .cancelConsumers, .sever, .close:
            return false
        }
        return true
    }

    /// Publishes with one send(2) for all its frames (and the acknowledgement's), see `metrology_encode_publish`.
    private func publish(
        _ handle: amqp_connection_state_t, _ message: AMQPOutgoing, waitForConfirm: Bool, then acknowledgement: AMQPConnection.Acknowledgement?,
        completion: @escaping AMQPConnection.Completion
    ) throws {
        corkIfArmed()
        let arena = publishArena
        arena.reset()
        var properties = arena.properties(message.properties)
        let exchange = arena.bytes(message.exchange)
        let routingKey = arena.bytes(message.routingKey)
        // An acknowledgement from before a reconnect names a delivery tag of the old channel; the broker has already
        // requeued that delivery.
        let ackTag = acknowledgement.flatMap { $0.generation == generation ? $0.tag : nil } ?? 0
        let frameMax = Int(amqp_get_frame_max(handle))
        let encoded = message.body.withUnsafeBytes { raw in
            encodeFrames(capacity: message.encodedSizeBound(frameMax: frameMax)) { out, capacity in
                metrology_encode_publish(
                    out, capacity, Self.channel, exchange, routingKey, message.mandatory ? 1 : 0, &properties,
                    amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)), frameMax, ackTag)
            }
        }
        guard let length = encoded else {
            // Nothing was written: this message is bad (a name over 255 bytes, a header of an unknown kind), the
            // connection is fine.
            completion(AMQPError.publishFailed("the message cannot be encoded as AMQP frames"))
            return
        }
        do {
            try frames.withUnsafeBytes { try sendAll(amqp_get_sockfd(handle), UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        } catch {
            let reason = (error as? ConnectionLost)?.reason ?? "\(error)"
            completion(AMQPError.connectionLost(reason))
            throw error
        }
        let sequence = nextPublishSequence
        if connection.topology.publisherConfirms { nextPublishSequence += 1 }
        if waitForConfirm && connection.topology.publisherConfirms {
            confirms[sequence] = completion
        } else {
            completion(nil)
        }
    }

    /// Runs `encode` on the reused buffer, grown to `capacity` first. Returns the encoded length, or nil when the
    /// encoder refused the message (librabbitmq's encoders cannot tell "too long a name" from "no room", which is why
    /// the capacity is an upper bound computed beforehand).
    private func encodeFrames(capacity: Int, _ encode: (UnsafeMutablePointer<UInt8>, Int) -> Int) -> Int? {
        // A buffer grown for one large message is not kept for the small ones that follow.
        if frames.count < capacity || (frames.count > 1 << 20 && capacity < 1 << 16) { frames = [UInt8](repeating: 0, count: capacity) }
        let length = frames.withUnsafeMutableBufferPointer { encode($0.baseAddress!, $0.count) }
        return length >= 0 ? length : nil
    }

    /// Writes all of `bytes`, waiting (bounded) while the socket's send buffer is full.
    private func sendAll(_ socket: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var sent = 0
        while sent < bytes.count {
            let written = send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if written > 0 {
                sent += written
                continue
            }
            let failure = errno
            if written < 0 && failure == EINTR { continue }
            guard written < 0 && (failure == EAGAIN || failure == EWOULDBLOCK) else {
                throw ConnectionLost(reason: "send failed: \(String(cString: strerror(failure)))")
            }
            var fds = [pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)]
            // A broker that takes nothing for this long is as good as gone (the same bound as librabbitmq's calls).
            guard poll(&fds, 1, 10_000) > 0 else { throw ConnectionLost(reason: "send blocked for 10 s") }
        }
    }

    // MARK: - Frames

    private func readFrames(_ handle: amqp_connection_state_t, limit: Int) throws {
        for _ in 0..<limit {
            var frame = amqp_frame_t()
            var immediately = timeval(tv_sec: 0, tv_usec: 0)
            let status = amqp_simple_wait_frame_noblock(handle, &frame, &immediately)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return }
            guard status == AMQP_STATUS_OK.rawValue else {
                throw ConnectionLost(reason: String(cString: amqp_error_string2(status)))
            }
            try dispatch(frame, handle)
            if partial == nil { amqp_maybe_release_buffers(handle) }
            if amqp_frames_enqueued(handle) == 0 && amqp_data_in_buffer(handle) == 0 { return }
        }
    }

    private func dispatch(_ frame: amqp_frame_t, _ handle: amqp_connection_state_t) throws {
        switch frame.frame_type {
        case METROLOGY_FRAME_METHOD:
            try handleMethod(frame.payload.method, handle)
        case METROLOGY_FRAME_HEADER:
            guard partial != nil, !partial!.headerSeen else { return }
            // Changed in place: a copy of the half-read message would retain and release each of its strings.
            let properties = AMQPProperties(decoding: metrology_as_properties(frame.payload.properties.decoded)!.pointee, interned: interned)
            if partial!.delivery != nil { partial!.delivery!.properties = properties }
            if partial!.returned != nil { partial!.returned!.properties = properties }
            let bodySize = Int(frame.payload.properties.body_size)
            partial!.bodySize = bodySize
            partial!.body.reserveCapacity(bodySize)
            partial!.headerSeen = true
            if bodySize == 0 { complete() }
        case METROLOGY_FRAME_BODY:
            guard partial != nil else { return }
            let fragment = frame.payload.body_fragment
            if fragment.len > 0, let bytes = fragment.bytes {
                partial!.body.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: fragment.len))
            }
            if partial!.body.count >= partial!.bodySize { complete() }
        default:
            break
        }
    }

    private func handleMethod(_ method: amqp_method_t, _ handle: amqp_connection_state_t) throws {
        switch method.id {
        case METROLOGY_BASIC_DELIVER:
            let deliver = metrology_as_deliver(method.decoded)!.pointee
            partial = Partial(
                delivery: AMQPDelivery(
                    consumerTag: interned.string(deliver.consumer_tag), deliveryTag: deliver.delivery_tag, redelivered: deliver.redelivered != 0,
                    exchange: interned.string(deliver.exchange), routingKey: interned.string(deliver.routing_key), properties: AMQPProperties(),
                    body: [],
                    generation: generation))
        case METROLOGY_BASIC_RETURN:
            let returned = metrology_as_return(method.decoded)!.pointee
            partial = Partial(
                returned: AMQPReturned(
                    replyCode: returned.reply_code, replyText: returned.reply_text.string, exchange: returned.exchange.string,
                    routingKey: returned.routing_key.string, properties: AMQPProperties()))
        case METROLOGY_BASIC_ACK:
            let ack = metrology_as_ack(method.decoded)!.pointee
            settleConfirms(upTo: ack.delivery_tag, multiple: ack.multiple != 0, error: nil)
        case METROLOGY_BASIC_NACK:
            let nack = metrology_as_nack(method.decoded)!.pointee
            settleConfirms(upTo: nack.delivery_tag, multiple: nack.multiple != 0, error: .nacked)
        case METROLOGY_CHANNEL_CLOSE:
            let close = metrology_as_channel_close(method.decoded)!.pointee
            throw ConnectionLost(reason: "broker closed the channel: \(close.reply_code) \(close.reply_text.string)")
        case METROLOGY_CONNECTION_CLOSE:
            let close = metrology_as_connection_close(method.decoded)!.pointee
            _ = metrology_send_connection_close_ok(handle)
            throw ConnectionLost(reason: "broker closed the connection: \(close.reply_code) \(close.reply_text.string)")
        case METROLOGY_BASIC_CANCEL:
            throw ConnectionLost(reason: "broker cancelled a consumer (queue deleted?)")
        case METROLOGY_CONNECTION_BLOCKED:
            logger.warning("broker blocked publishing (resource alarm)")
        case METROLOGY_CONNECTION_UNBLOCKED:
            logger.info("broker unblocked publishing")
        default:
            break
        }
    }

    private func complete() {
        guard var finished = partial.take() else { return }
        if var delivery = finished.delivery.take() {
            delivery.body = finished.body
            connection.onDelivery(delivery)
        } else if let returned = finished.returned {
            connection.onReturn(returned)
        }
    }

    private func settleConfirms(upTo tag: UInt64, multiple: Bool, error: AMQPError?) {
        let tags = multiple ? confirms.keys.filter { $0 <= tag } : [tag]
        for settled in tags {
            confirms.removeValue(forKey: settled)?(error)
        }
    }
}

extension timeval {
    init(_ duration: Duration) {
        let milliseconds = duration.milliseconds
        self.init(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
