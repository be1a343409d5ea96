public import Foundation
import Logging
public import Messaging
import Metrics
import Persistence
public import PostgresNIO
import RPCCore
public import ServiceLifecycle
import Synchronization

/// Runs the due processes of the kinds it knows, alongside the service's other parts (a ServiceLifecycle service).
///
/// A runner claims one due process at a time with `FOR UPDATE SKIP LOCKED` and takes a lease on it (owner and
/// expiry), so several instances share the work and none runs a process another holds. It runs the current step
/// outside any transaction, then records the step's result in a short one, only while it still holds the lease
/// (one that lost it, say after a long pause, records nothing: whoever took over runs the step again, reaching the
/// same inner outcomes). It keeps the lease for the next step; when it dies, the process waits for the lease to run
/// out and another runner resumes it at the step after the last one recorded.
///
/// A failed step runs again after a pause that doubles, up to the kind's `maxAttempts`; a permanent failure
/// (`ProcessFailure`, or a refusal from a service) ends the process at once. A failed process keeps its reason in
/// `last_error` with status `failed`, and counts in the `processes_failed` gauge; `processes_pending` counts those
/// still running.
///
/// Times come from `clock` (leases, due times, pauses), so tests move it instead of waiting.
public final class ProcessRunner: Service, Sendable {
    /// A step whose result was recorded; `next` is nil when the process finished with it.
    public struct RecordedStep: Sendable {
        public let processID: String
        public let kind: String
        public let step: String
        public let next: String?
    }

    private let service: String
    private let owner: String
    private let database: PostgresClient
    private let client: RPCClient?
    private let kinds: [String: ProcessKind]
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let lease: Duration
    private let pollInterval: Duration
    private let concurrency: Int
    private let afterStep: @Sendable (RecordedStep) async -> Void
    private let nudged = Wakeup()
    private let activity = RunnerActivity()
    /// Longer than any step should take (a conversion's own timeout and one retry elsewhere stay well inside it).
    static let stallLimit: Duration = .seconds(180)
    /// How long one of the runner's own statements may take before it is cancelled and retried (see `withDeadline`).
    static let callLimit: Duration = .seconds(30)
    /// Recording a step also runs the step's writes (a certificate's PDFs into the file store): more room.
    static let recordLimit: Duration = .seconds(120)

    /// - Parameters:
    ///   - owner: this instance's name, kept as the lease owner.
    ///   - client: what steps call other services with.
    ///   - afterStep: runs after each recorded step (tests stop a process there, as a crash would).
    public init(
        service: String, owner: String, database: PostgresClient, client: RPCClient?, kinds: [ProcessKind], logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }, lease: Duration = .seconds(60), pollInterval: Duration = .seconds(1),
        concurrency: Int = 2,
        afterStep: @escaping @Sendable (RecordedStep) async -> Void = { _ in }
    ) {
        self.service = service
        self.owner = owner
        self.database = database
        self.client = client
        self.kinds = Dictionary(kinds.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
        self.clock = clock
        self.lease = lease
        self.pollInterval = pollInterval
        self.concurrency = max(1, concurrency)
        self.afterStep = afterStep
    }

    /// Wakes the runner now (a service may call it after committing a write that started a process).
    public func nudge() { nudged.signal() }

    public func run() async throws {
        let watchdog = Task { [activity, logger] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                for stalled in activity.stalled(longerThan: Self.stallLimit) {
                    logger.error("process runner stalled: \(stalled)", metadata: ["service": "\(service)"])
                }
            }
        }
        defer { watchdog.cancel() }
        var backoff = RunnerBackoff()
        var metricsDue = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await runDue()
                backoff.reset()
            } catch {
                logger.warning("process runner could not claim or record; will retry", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: backoff.next())
                continue
            }
            if ContinuousClock.now >= metricsDue {
                metricsDue = ContinuousClock.now.advanced(by: .seconds(15))
                activity.set(-1, "refreshing the process metrics")
                try? await withDeadline(Self.callLimit, "refreshing the process metrics") { try await self.refreshMetrics() }
                activity.set(-1, nil)
            }
            await listen()
        }
    }

    /// Until nudged, the poll interval passes or shutdown begins, whichever is first.
    private func listen() async {
        await withGracefulShutdownHandler {
            await nudged.wait(upTo: pollInterval)
        } onGracefulShutdown: { [nudged] in
            nudged.signal()
        }
    }

    /// Claims and drives due processes until none is left; returns how many it claimed.
    ///
    /// `concurrency` workers each claim and drive processes until they find none due. One that found none comes back
    /// when the runner is nudged or the poll interval passes, for as long as another is still driving a process.
    /// Before, it was gone until every worker had finished: with processes arriving one by one (approvals as people
    /// sign them), the first workers to find the queue empty left all that followed to the last one, which never found
    /// it empty again — the certificates benchmark ran 500 approvals through one converter of two.
    @discardableResult
    public func runDue() async throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        enum Event: Sendable {
            case finished(worker: Int, claimed: Int)
            case listened
        }
        func startWorkers(_ workers: some Sequence<Int>, in group: inout ThrowingTaskGroup<Event, any Error>) {
            for worker in workers { group.addTask { .finished(worker: worker, claimed: try await self.work(worker)) } }
        }
        func startListener(in group: inout ThrowingTaskGroup<Event, any Error>) {
            group.addTask {
                await self.listen()
                return .listened
            }
        }
        return try await withThrowingTaskGroup(of: Event.self) { group in
            startWorkers(0..<concurrency, in: &group)
            startListener(in: &group)
            // Workers that found nothing due; the others are busy.
            var idle: [Int] = []
            var listening = true
            var claimed = 0
            while let event = try await group.next() {
                switch event {
                case .finished(let worker, let count):
                    idle.append(worker)
                    claimed += count
                    // The last one out ends the listener's wait rather than leave the runner waiting for it.
                    if idle.count == concurrency, listening { nudged.signal() }
                case .listened:
                    listening = false
                    guard idle.count < concurrency, !Task.isShuttingDownGracefully else { continue }
                    startWorkers(idle, in: &group)
                    idle.removeAll()
                    startListener(in: &group)
                    listening = true
                }
            }
            return claimed
        }
    }

    /// One worker: claims and drives due processes until none is left or shutdown begins; returns how many.
    private func work(_ worker: Int) async throws -> Int {
        var claimed = 0
        defer { activity.set(worker, nil) }
        while !Task.isShuttingDownGracefully {
            activity.set(worker, "claiming a due process")
            guard let process = try await withDeadline(Self.callLimit, "claiming a due process", { try await self.claim() }) else {
                break
            }
            claimed += 1
            await drive(process, worker: worker)
        }
        return claimed
    }

    // MARK: - Driving one process

    struct Claimed: Sendable {
        var id: String
        var kind: String
        var step: String
        var state: [UInt8]
        var attempts: Int
        var trace: TraceContext
    }

    /// Runs the claimed process's steps while it holds the lease; returns when it finished, failed a step, lost the
    /// lease or the service is stopping.
    func drive(_ claimed: Claimed, worker: Int = 0) async {
        var process = claimed
        while true {
            let doing = "\(process.kind) \(process.id), step \(process.step)"
            var logger = self.logger
            logger[metadataKey: "process_id"] = "\(process.id)"
            logger[metadataKey: "process_kind"] = "\(process.kind)"
            logger[metadataKey: "process_step"] = "\(process.step)"
            logger[metadataKey: "trace_id"] = "\(process.trace.traceID)"
            guard let kind = kinds[process.kind], let step = kind.steps[process.step] else {
                await fail(
                    process, ProcessFailure(reason: "PROCESS_STEP_UNKNOWN", message: "未知的流程步骤：\(process.kind) / \(process.step)"), kind: nil,
                    logger: logger)
                return
            }
            let context = ProcessStepContext(
                processID: process.id, kind: process.kind, step: process.step, attempt: process.attempts, state: process.state,
                trace: process.trace.child(), logger: logger, client: client)
            let outcome: ProcessStepOutcome
            activity.set(worker, "running \(doing)")
            do {
                outcome = try await step(context)
            } catch {
                activity.set(worker, "recording the failure of \(doing)")
                await fail(process, error, kind: kind, logger: logger)
                return
            }
            activity.set(worker, "recording \(doing)")
            do {
                let (recorded, stepLogger) = (process, logger)
                guard try await withDeadline(Self.recordLimit, "recording \(doing)", { try await self.record(recorded, outcome, logger: stepLogger) })
                else {
                    logger.warning("process lease lost before its step was recorded; whoever holds it runs the step again")
                    return
                }
            } catch {
                // Nothing was recorded: the lease runs out and the step runs again (its calls reach the same outcomes).
                logger.warning("could not record a process step; it runs again after the lease", metadata: ["error": "\(String(reflecting: error))"])
                return
            }
            await afterStep(RecordedStep(processID: process.id, kind: process.kind, step: process.step, next: outcome.next))
            guard let next = outcome.next else {
                logger.info("process finished")
                return
            }
            if Task.isShuttingDownGracefully {
                let id = process.id
                try? await withDeadline(Self.callLimit, "releasing \(doing)") { try await self.release(id) }
                return
            }
            do {
                let id = process.id
                guard let renewed = try await withDeadline(Self.callLimit, "renewing the lease of \(doing)", { try await self.renew(id) }) else {
                    return
                }
                process.step = next
                process.state = outcome.state
                process.attempts = renewed
            } catch {
                logger.warning("could not renew a process lease; it resumes after the lease", metadata: ["error": "\(String(reflecting: error))"])
                return
            }
        }
    }

    // MARK: - Statements

    private var leaseEnd: Date { clock().addingTimeInterval(Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18) }

    func claim() async throws -> Claimed? {
        let now = clock()
        let until = leaseEnd
        let names = Array(kinds.keys)
        let rows = try await database.query(
            """
            UPDATE processes SET lease_owner = \(owner), lease_until = \(until), attempts = attempts + 1, updated_at = now()
            WHERE id = (
                SELECT id FROM processes
                WHERE status = 'running' AND kind = ANY(\(names)) AND next_run_at <= \(now) AND (lease_until IS NULL OR lease_until <= \(now))
                ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, step, state, attempts, trace
            """, logger: logger)
        for try await (id, kind, step, state, attempts, trace) in rows.decode((String, String, String, Data, Int32, String?).self) {
            return Claimed(
                id: id, kind: kind, step: step, state: Array(state), attempts: Int(attempts),
                trace: trace.flatMap(TraceContext.init(traceparent:)) ?? .random())
        }
        return nil
    }

    /// Records a step's result (and its own writes) while the lease is held; false when it is not.
    func record(_ process: Claimed, _ outcome: ProcessStepOutcome, logger: Logger) async throws -> Bool {
        struct LeaseLost: Error {}
        let now = clock()
        let until = leaseEnd
        let owner = self.owner
        let status = outcome.next == nil ? "done" : "running"
        let step = outcome.next ?? process.step
        let state = Data(outcome.state)
        do {
            try await database.transaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE processes SET step = \(step), state = \(state), status = \(status), attempts = 0, next_run_at = \(now), last_error = NULL,
                        lease_until = \(until), updated_at = now(), finished_at = CASE WHEN \(status) = 'done' THEN now() END
                    WHERE id = \(process.id) AND status = 'running' AND step = \(process.step) AND lease_owner = \(owner) AND lease_until > \(now)
                    RETURNING 1
                    """, logger: logger)
                var held = false
                for try await _ in rows { held = true }
                guard held else { throw LeaseLost() }
                try await outcome.record?(connection)
            }
            return true
        } catch is LeaseLost {
            return false
        }
    }

    /// Starts the next step under the lease just recorded; returns its attempt, nil when the lease is gone.
    func renew(_ id: String) async throws -> Int? {
        let now = clock()
        let until = leaseEnd
        let rows = try await database.query(
            """
            UPDATE processes SET attempts = attempts + 1, lease_until = \(until), updated_at = now()
            WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner) AND lease_until > \(now)
            RETURNING attempts
            """, logger: logger)
        for try await attempts in rows.decode(Int32.self) { return Int(attempts) }
        return nil
    }

    func release(_ id: String) async throws {
        try await database.query(
            "UPDATE processes SET lease_owner = NULL, lease_until = NULL, updated_at = now() WHERE id = \(id) AND lease_owner = \(owner)",
            logger: logger)
    }

    /// A step failed: the process fails for good (a permanent failure, or its attempts used up) or runs the step
    /// again after a pause; either way the lease is given up and the reason kept.
    func fail(_ process: Claimed, _ error: any Error, kind: ProcessKind?, logger: Logger) async {
        let reason = Self.describe(error)
        let permanent = Self.isPermanent(error) || kind == nil || process.attempts >= (kind?.maxAttempts ?? 0)
        let now = clock()
        let pause = kind?.pause(after: process.attempts) ?? .zero
        let nextRun = now.addingTimeInterval(Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
        let status = permanent ? "failed" : "running"
        let stored = permanent && !Self.isPermanent(error) && kind != nil ? "PROCESS_ATTEMPTS_EXHAUSTED after \(process.attempts): \(reason)" : reason
        if permanent {
            logger.error("process failed", metadata: ["reason": "\(stored)"])
        } else {
            logger.warning(
                "process step failed; it runs again", metadata: ["reason": "\(reason)", "attempt": "\(process.attempts)", "pause": "\(pause)"])
        }
        let (database, owner, id) = (self.database, self.owner, process.id)
        do {
            try await withDeadline(Self.callLimit, "recording the failure of \(process.kind) \(id)") {
                try await database.query(
                    """
                    UPDATE processes SET status = \(status), next_run_at = \(nextRun), last_error = \(stored), lease_owner = NULL, lease_until = NULL,
                        updated_at = now(), finished_at = CASE WHEN \(status) = 'failed' THEN now() END
                    WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner)
                    """, logger: logger)
            }
        } catch {
            logger.warning("could not record a process failure; it runs again after the lease", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    static func isPermanent(_ error: any Error) -> Bool {
        if error is ProcessFailure { return true }
        if let error = error as? RPCError { return IdempotentWriter.isDeterministic(error.code) }
        return false
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ProcessFailure: return error.description
        case let error as RPCError: return "\(error.reason): \(error.message)"
        default: return "INTERNAL: \(String(reflecting: error))"
        }
    }

    // MARK: - Metrics

    /// Sets `processes_pending` and `processes_failed` per kind this runner knows.
    func refreshMetrics() async throws {
        var counts: [String: (pending: Int, failed: Int)] = Dictionary(uniqueKeysWithValues: kinds.keys.map { ($0, (0, 0)) })
        let names = Array(kinds.keys)
        let rows = try await database.query(
            """
            SELECT kind, count(*) FILTER (WHERE status = 'running'), count(*) FILTER (WHERE status = 'failed')
            FROM processes WHERE kind = ANY(\(names)) AND status <> 'done' GROUP BY kind
            """, logger: logger)
        for try await (kind, pending, failed) in rows.decode((String, Int64, Int64).self) { counts[kind] = (Int(pending), Int(failed)) }
        for (kind, count) in counts {
            Gauge(label: "processes_pending", dimensions: [("service", service), ("kind", kind)]).record(count.pending)
            Gauge(label: "processes_failed", dimensions: [("service", service), ("kind", kind)]).record(count.failed)
        }
    }
}

/// Pauses between runner rounds that failed (the database away): 200 ms doubling to 5 s.
struct RunnerBackoff {
    private var current: Duration = .milliseconds(200)
    mutating func next() -> Duration {
        defer { current = min(current * 2, .seconds(5)) }
        return current
    }
    mutating func reset() { current = .milliseconds(200) }
}
