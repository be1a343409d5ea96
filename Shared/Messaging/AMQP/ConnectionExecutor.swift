import Glibc
import Synchronization

/// The connection's thread is also a Swift task executor.
///
/// Why: deliveries and replies arrive on the connection thread. Handing each to the global task pool costs a
/// cross-thread wake-up per message, and on a small machine that was most of the framework's overhead against plain
/// librabbitmq (see BENCHMARKS.md). A task that prefers this executor (`withTaskExecutorPreference(connection)`,
/// `Task(executorPreference: connection)`) runs its jobs on the connection thread between reads, so a handler started
/// for a delivery, or a caller resumed by its reply, runs at once on the thread that read it, and its publish and
/// ack go straight to the socket. This is the event-loop model of SwiftNIO and Netty.
///
/// The price is theirs too: code running here holds up this connection's reads and writes while it runs. Keep
/// CPU-heavy work (password hashing, rendering) off it, e.g. in `Task.detached`. Jobs wait while the thread is
/// (re)connecting; once the connection is closed for good, jobs go to the global executor, so a task that still
/// prefers it is never stranded.
extension AMQPConnection {
    private enum Placement {
        case queuedFromOwnThread
        case queuedFromElsewhere
        case forwarded
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let placement = shared.withLock { state -> Placement in
            if state.finished { return .forwarded }
            state.jobs.append(job)
            if let thread = state.thread, pthread_equal(thread, pthread_self()) != 0 { return .queuedFromOwnThread }
            return .queuedFromElsewhere
        }
        switch placement {
        case .queuedFromOwnThread: break  // The loop runs queued jobs before it waits again.
        case .queuedFromElsewhere: wake()
        case .forwarded: globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    /// True on the connection's own thread.
    var isOnConnectionThread: Bool {
        shared.withLock { state in state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    var hasQueuedJobs: Bool { shared.withLock { !$0.jobs.isEmpty } }

    /// Runs the jobs queued so far; jobs they queue in turn wait for the next round, so reads are not starved.
    /// Connection thread only.
    func runQueuedJobs() {
        var jobs = shared.withLock { $0.spareJobs.take(&$0.jobs) }
        guard !jobs.isEmpty else { return }
        let executor = asUnownedTaskExecutor()
        for job in jobs { job.runSynchronously(on: executor) }
        shared.withLock { $0.spareJobs.recycle(&jobs) }
    }
}
