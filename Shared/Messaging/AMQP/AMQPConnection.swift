import CRabbitMQ
import Foundation
import Glibc
public import Logging
import Synchronization

/// One AMQP connection with one channel, owned by one thread.
///
/// librabbitmq is not thread-safe, so every call for this connection happens on `worker`'s thread. Async code talks
/// to it through a command queue; a self-pipe wakes the thread's `poll()` when a command arrives. Deliveries are
/// handed out through `onDelivery`, called on the connection thread: keep it short (resume a continuation, yield
/// into an `AsyncStream`). When the connection drops, the thread reconnects with backoff and declares `topology`
/// again, consumers included, so a reply consumer or a work consumer is never left behind after a broker restart.
public final class AMQPConnection: TaskExecutor, Sendable {
    public enum State: Sendable, Equatable {
        case connecting
        case connected(generation: UInt64)
        case disconnected(reason: String)
        case closed
    }

    /// Called on the connection thread once a publish is written (or confirmed); nil means success.
    public typealias Completion = @Sendable (AMQPError?) -> Void

    /// A delivery to acknowledge right after a publish, in the same write.
    struct Acknowledgement {
        let tag: UInt64
        let generation: UInt64
    }

    enum Command {
        case publish(AMQPOutgoing, waitForConfirm: Bool, then: Acknowledgement?, Completion)
        case ack(UInt64, generation: UInt64)
        case reject(UInt64, requeue: Bool, generation: UInt64)
        case cancelConsumers(CheckedContinuation<Void, Never>)
        case sever
        case close
    }

    struct Shared {
        var commands: [Command] = []
        var state: State = .connecting
        var wakePending = false
        var consumersCancelled = false
        var closeRequested = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        var finished = false
        /// Swift jobs of tasks that prefer this connection as their executor; see `ConnectionExecutor.swift`.
        var jobs: [UnownedJob] = []
        var thread: pthread_t?
        /// Double buffers for `commands` and `jobs`: taking them leaves arrays that already have capacity.
        var spareCommands = SpareBuffer<Command>()
        var spareJobs = SpareBuffer<UnownedJob>()
    }

    public let configuration: AMQPConfiguration
    public let topology: AMQPTopology
    let logger: Logger
    let shared = Mutex(Shared())
    let wakeReadFD: Int32
    let wakeWriteFD: Int32
    let onDelivery: @Sendable (AMQPDelivery) -> Void
    let onReturn: @Sendable (AMQPReturned) -> Void
    let onStateChange: @Sendable (State) -> Void
    /// Set once by `start()`; lets a publish or ack skip the queue when the connection thread is idle.
    private let worker = Mutex<AMQPWorker?>(nil)

    public init(
        configuration: AMQPConfiguration,
        topology: AMQPTopology,
        logger: Logger,
        onDelivery: @escaping @Sendable (AMQPDelivery) -> Void = { _ in },
        onReturn: @escaping @Sendable (AMQPReturned) -> Void = { _ in },
        onStateChange: @escaping @Sendable (State) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.topology = topology
        self.logger = logger
        self.onDelivery = onDelivery
        self.onReturn = onReturn
        self.onStateChange = onStateChange
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe failed: \(errno)")
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        Glibc.close(wakeReadFD)
        Glibc.close(wakeWriteFD)
    }

    /// Starts the connection thread; it connects (and keeps reconnecting) until `close()`.
    public func start() {
        let worker = AMQPWorker(connection: self)
        self.worker.withLock { $0 = worker }
        let thread = Thread { worker.run() }
        thread.name = "amqp-\(configuration.connectionName)"
        thread.start()
    }

    public var state: State { shared.withLock { $0.state } }

    public var isConnected: Bool {
        if case .connected = state { return true }
        return false
    }

    /// Waits until the connection is up, or returns false after `timeout`.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        while clock.now < end {
            if isConnected { return true }
            if case .closed = state { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isConnected
    }

    /// Publishes a message. With `confirm`, returns only after the broker confirmed it (publisher confirms);
    /// otherwise after it was written to the socket. Fails at once when the connection is down.
    public func publish(_ message: AMQPOutgoing, confirm: Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            send(message, confirm: confirm) { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
        }
    }

    /// Publishes without suspending: `completion` runs on the connection thread, or at once when not connected.
    public func send(_ message: AMQPOutgoing, confirm: Bool = false, completion: @escaping Completion) {
        let command = Command.publish(message, waitForConfirm: confirm, then: nil, completion)
        if runDirectly(command) { return }
        enqueue(command, orFail: completion)
    }

    /// Publishes `message` (a reply) and acknowledges `delivery` (its request) in one write, reply first: a crash
    /// in between can lose the ack (the request is redelivered and answered from its stored outcome), never the reply
    /// of an acknowledged request.
    public func send(_ message: AMQPOutgoing, acknowledging delivery: AMQPDelivery, completion: @escaping Completion) {
        let command = Command.publish(
            message, waitForConfirm: false, then: Acknowledgement(tag: delivery.deliveryTag, generation: delivery.generation), completion)
        if runDirectly(command) { return }
        enqueue(command, orFail: completion)
    }

    public func ack(_ delivery: AMQPDelivery) {
        let command = Command.ack(delivery.deliveryTag, generation: delivery.generation)
        if runDirectly(command) { return }
        enqueue(command)
    }

    /// Rejects a delivery; with `requeue` the broker gives it to another consumer.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) {
        let command = Command.reject(delivery.deliveryTag, requeue: requeue, generation: delivery.generation)
        if runDirectly(command) { return }
        enqueue(command)
    }

    /// Runs a publish, ack or reject on the calling thread when the connection thread is blocked in `poll()` and
    /// nothing is queued ahead (so order is kept). That saves two thread wake-ups per call; see BENCHMARKS.md.
    private func runDirectly(_ command: Command) -> Bool {
        guard let worker = worker.withLock({ $0 }) else { return false }
        return worker.runDirectly(command)
    }

    /// Cancels all consumers (no new deliveries, also not after a reconnect); used for graceful shutdown.
    public func cancelConsumers() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let run = shared.withLock { state -> Bool in
                state.consumersCancelled = true
                guard case .connected = state.state else { return false }
                state.commands.append(.cancelConsumers(continuation))
                return true
            }
            if run { wake() } else { continuation.resume() }
        }
    }

    /// Closes the connection cleanly and waits until the thread has finished.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = shared.withLock { state -> Bool in
                if state.finished { return true }
                state.closeRequested = true
                state.closeWaiters.append(continuation)
                state.commands.append(.close)
                return false
            }
            if finished { continuation.resume() } else { wake() }
        }
    }

    /// Cuts the TCP connection without the AMQP close handshake, as a crash would. For tests and chaos drills.
    public func severForTesting() {
        enqueue(.sever)
    }

    func enqueue(_ command: Command, orFail completion: Completion? = nil) {
        let accepted = shared.withLock { state -> Bool in
            if state.closeRequested { return false }
            if case .publish = command {
                guard case .connected = state.state else { return false }
            }
            state.commands.append(command)
            return true
        }
        if accepted {
            wake()
        } else if let completion {
            completion(AMQPError.notConnected())
        }
    }

    func wake() {
        let needsWrite = shared.withLock { state -> Bool in
            if state.wakePending { return false }
            state.wakePending = true
            return true
        }
        if needsWrite {
            var byte: UInt8 = 1
            _ = write(wakeWriteFD, &byte, 1)
        }
    }

    func setState(_ newState: State) {
        shared.withLock { $0.state = newState }
        onStateChange(newState)
    }
}
