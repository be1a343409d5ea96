import Synchronization

/// A signal a background loop sleeps on between rounds: `wait(upTo:)` returns as soon as `signal()` is called, or when
/// the time is up, whichever is first; a signal given while nobody waits is kept for the next wait (one, not a count).
///
/// Why not a short sleep in a loop that checks a flag: each such wake-up is a timer, a thread woken and a job run.
/// The outbox relay (every 10 ms), the process runner (20 ms) and the RPC client's deadline sweep (25 ms) together
/// woke every service about 170 times a second doing nothing, and that idle CPU competes with real work on a small
/// machine (deploy/local/bench certificates).
public final class Wakeup: Sendable {
    private struct State {
        var signaled = false
        /// The one waiter, with a number so that a timeout or cancellation resumes only its own wait.
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the current wait, or the next one if none is waiting.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.signaled = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns when signalled (at once if a signal is pending), when `timeout` has passed, or when the task is
    /// cancelled. One waiter at a time: a second concurrent wait ends the first.
    public func wait(upTo timeout: Duration) async {
        let id = state.withLock { state -> UInt64? in
            if state.signaled {
                state.signaled = false
                return nil
            }
            state.nextID &+= 1
            return state.nextID
        }
        guard let id else { return }
        let timer = Task { [weak self] in
            do {
                try await Task.sleep(for: timeout)
                self?.resume(id)
            } catch {}  // cancelled: the wait already ended
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let displaced = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    // Signalled, timed out or cancelled before the continuation existed: nothing to wait for.
                    if state.signaled {
                        state.signaled = false
                        return continuation
                    }
                    if state.nextID != id { return continuation }
                    let displaced = state.waiter?.continuation
                    state.waiter = (id, continuation)
                    return displaced
                }
                displaced?.resume()
            }
        } onCancel: {
            resume(id)
        }
    }

    /// Ends wait `id` if it is still the one waiting; a wait that has not stored its continuation yet finds its
    /// number taken and returns at once — also while an earlier wait is still stored, which it then leaves alone.
    private func resume(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter, waiter.id == id {
                state.waiter = nil
                return waiter.continuation
            }
            if state.nextID == id { state.nextID &+= 1 }
            return nil
        }
        waiter?.resume()
    }
}
