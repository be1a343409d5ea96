import Synchronization

/// What each of a runner's workers is doing and since when, so a worker that stays in one await far longer than
/// any step may take is named in the log. CI once saw a certificates runner stop issuing after PostgreSQL restarted
/// (approvals still answered; no conversion was asked for again), and nothing said where it waited; this says which
/// worker, doing what, for how long. It reports, it does not act: abandoning an await safely needs its cause.
final class RunnerActivity: Sendable {
    struct Entry: Sendable, Equatable {
        var what: String
        var since: ContinuousClock.Instant
        var reported = false
    }

    private let entries = Mutex<[Int: Entry]>([:])

    /// Worker `worker` begins `what` now (nil: it has nothing to do).
    func set(_ worker: Int, _ what: String?, at now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if let what { entries[worker] = Entry(what: what, since: now) } else { entries[worker] = nil }
        }
    }

    /// The activities older than `limit` not reported before, each once, as log text ("worker 1: recording render
    /// of certificate.issue … for 312 s"); later calls leave them out until the worker moves on.
    func stalled(longerThan limit: Duration, now: ContinuousClock.Instant = .now) -> [String] {
        entries.withLock { entries in
            var found: [String] = []
            for worker in entries.keys.sorted() {
                guard var entry = entries[worker], !entry.reported, now - entry.since > limit else { continue }
                entry.reported = true
                entries[worker] = entry
                found.append("worker \(worker): \(entry.what) for \((now - entry.since).components.seconds) s")
            }
            return found
        }
    }
}
