import Synchronization

/// Collects the publisher confirms of one batch and lets one waiter wait for all of them, or until `expire()`: the
/// outbox relay holds its rows locked meanwhile, so it must not wait for a confirm the broker never sends.
/// Confirms that arrive after the wait ended are ignored; those rows stay unpublished and go out again.
final class BatchConfirmations: Sendable {
    private struct State {
        var remaining: Int
        var confirmed: Set<String> = []
        var firstError: (any Error)?
        var done = false
        var timedOut = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(remaining: count, done: count == 0))
    }

    /// One message's outcome; nil is a confirm.
    func complete(_ id: String, error: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.done else { return nil }
            if let error { state.firstError = state.firstError ?? error } else { state.confirmed.insert(id) }
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            state.done = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends the wait now: the confirms still missing count as failed.
    func expire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.done else { return nil }
            state.done = true
            state.timedOut = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits until every message is settled or `expire()` was called; returns the confirmed ids and the first error
    /// (a timeout when confirms were missing).
    func wait() async -> (confirmed: Set<String>, firstError: (any Error)?) {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state -> Bool in
                if state.done { return true }
                state.waiter = waiter
                return false
            }
            if finished { waiter.resume() }
        }
        return state.withLock { state in
            let timeout = state.timedOut ? AMQPError.publishFailed("no publisher confirm within the time allowed") : nil
            return (state.confirmed, state.firstError ?? timeout)
        }
    }
}
