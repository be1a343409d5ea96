import Synchronization

/// How deliveries reach handlers: through an `AsyncStream` read by a task group on the global pool, or, when the
/// handlers run on the connection's own thread, as one task per delivery started right where it was read (no stream,
/// no consuming task to wake; see ConnectionExecutor.swift). In the second case it also counts the handlers in flight,
/// so a graceful shutdown can wait for them.
final class DeliveryIntake: Sendable {
    /// Starts one task per delivery. A class, not a stored closure: handing a closure out of `Mutex.withLock`
    /// (generic over its result) wraps it in a new thunk, one heap allocation per delivery.
    private final class TaskStarter: Sendable {
        let executor: any TaskExecutor
        let handle: @Sendable (AMQPDelivery) async -> Void

        init(executor: any TaskExecutor, handle: @escaping @Sendable (AMQPDelivery) async -> Void) {
            self.executor = executor
            self.handle = handle
        }
    }

    private enum Route {
        case stream
        case drop
        case task(TaskStarter)
    }

    private struct Direct {
        var starter: TaskStarter?
        var running = 0
        var draining = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    let stream: AsyncStream<AMQPDelivery>
    private let continuation: AsyncStream<AMQPDelivery>.Continuation
    private let direct = Mutex(Direct())

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: AMQPDelivery.self)
    }

    /// Called on the connection thread for every delivery.
    func accept(_ delivery: AMQPDelivery) {
        let route = direct.withLock { state -> Route in
            guard let starter = state.starter else { return .stream }
            // Once draining, a delivery is left unacknowledged: the broker gives it to another instance at close.
            guard !state.draining else { return .drop }
            state.running += 1
            return .task(starter)
        }
        switch route {
        case .stream:
            continuation.yield(delivery)
        case .drop:
            break
        case .task(let starter):
            let handle = starter.handle
            Task(executorPreference: starter.executor) {
                await handle(delivery)
                self.finished()
            }
        }
    }

    /// From now on each delivery starts a task on `executor` running `handle`.
    func startTasks(on executor: any TaskExecutor, _ handle: @escaping @Sendable (AMQPDelivery) async -> Void) {
        let starter = TaskStarter(executor: executor, handle: handle)
        direct.withLock { $0.starter = starter }
    }

    private func finished() {
        let waiters = direct.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.draining, state.running == 0 else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        waiters.forEach { $0.resume() }
    }

    /// Ends the stream: a task group reading it finishes once its handlers have; `for await` on it returns.
    func finish() { continuation.finish() }

    /// Starts no more direct tasks and waits for those running.
    func drain() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let done = direct.withLock { state -> Bool in
                state.draining = true
                if state.running == 0 { return true }
                state.drained.append(waiter)
                return false
            }
            if done { waiter.resume() }
        }
    }
}
