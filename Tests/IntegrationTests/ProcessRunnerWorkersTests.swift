import Foundation
import Persistence
import PostgresNIO
import ServiceKit
import Synchronization
import Testing

/// How many processes a runner drives at once when they arrive one by one, as approvals do: a worker that found
/// nothing due must come back while another is still busy, or a runner of two workers drives one process at a time.
@Suite("Process runner workers", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ProcessRunnerWorkersTests {
    @Test("a process started while one worker is busy and the other found nothing runs at once, not after the busy one")
    func idleWorkerComesBack() async throws {
        try await withScratchSchema("runner") { database, schema in
            // The shared runtime's tables (processes among them), as a service's start creates them.
            try await MigrationRunner(schema: schema, client: database, logger: TestEnvironment.logger).run([])
            let released = Mutex(false)
            let started = Mutex<[String]>([])
            let kind = ProcessKind(
                "testing.slow", first: "run",
                steps: [
                    "run": { context in
                        let name = String(decoding: context.state, as: UTF8.self)
                        started.withLock { $0.append(name) }
                        // The first process holds its worker until the test lets it go.
                        while name == "first", !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                        return .finished(state: context.state)
                    }
                ])
            let runner = ProcessRunner(
                service: "runnertest", owner: "runnertest-1", database: database, client: nil, kinds: [kind], logger: TestEnvironment.logger,
                pollInterval: .milliseconds(200), concurrency: 2)
            func start(_ name: String) async throws {
                try await database.transaction(logger: TestEnvironment.logger) { connection in
                    _ = try await Processes.start(kind, state: Array(name.utf8), on: connection, logger: TestEnvironment.logger)
                }
            }
            try await start("first")
            let run = Task { try await runner.runDue() }
            defer { released.withLock { $0 = true } }
            #expect(try await eventually(timeout: .seconds(10), every: .milliseconds(20)) { started.withLock { $0 } == ["first"] })
            // By now the second worker has found nothing due.
            try await Task.sleep(for: .milliseconds(300))
            try await start("second")
            runner.nudge()
            let secondRan = try await eventually(timeout: .seconds(5), every: .milliseconds(20)) { started.withLock { $0 }.contains("second") }
            released.withLock { $0 = true }
            #expect(secondRan, "the second process waited for the first one's worker")
            #expect(try await run.value == 2)
        }
    }
}
