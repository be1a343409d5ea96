import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf
import Testing

/// Durable processes (issue 15): the echo service's two-step process, each step bumping a counter of its own through
/// a write on the service's queue (`Tests/EchoService/EchoCallHandlers.swift`).
@Suite("Durable processes", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ProcessTests {
    /// One echo instance on `queue` named `name`, with more environment.
    func startEcho(_ queue: String, name: String, _ extra: [String: String] = [:]) async throws -> ServiceProcess {
        var environment = TestEnvironment.serviceEnvironment(service: "echo", instance: name)
        environment["METROLOGY_ECHO_QUEUE"] = queue
        environment.merge(extra) { _, new in new }
        let instance = try ServiceProcess(executable: "echo-service", name: name, environment: environment)
        try await instance.waitUntilServing()
        return instance
    }

    func process(_ id: String) async throws -> Processes.Record? {
        try await withEchoDatabase { try await Processes.find(id: id, client: $0, logger: TestEnvironment.logger) }
    }

    /// (value, executions) of an echo counter, read from the database (no instance need be serving).
    func counter(_ name: String) async throws -> (Int64, Int64)? {
        try await withEchoDatabase { database in
            let rows = try await database.query("SELECT value, executions FROM counters WHERE name = \(name)", logger: TestEnvironment.logger)
            for try await row in rows.decode((Int64, Int64).self) { return row }
            return nil
        }
    }

    func steps(_ queue: String) -> RPCMethod<Metrology_Testing_V1_StartStepsRequest, Metrology_Testing_V1_StartStepsResponse> {
        RPCMethod(service: queue, fullName: EchoMethods.startSteps.fullName)
    }

    @Test("a process whose instance died right after committing step one resumes on another after the lease and finishes once")
    func resumesAfterCrash() async throws {
        let queue = "echo-steps-\(UUID().uuidString.prefix(8).lowercased())"
        let first = try await startEcho(queue, name: "\(queue)-a", ["METROLOGY_ECHO_EXIT_AFTER_STEP": "one"])
        let client = try await makeClient()
        defer { Task { await client.close() } }
        var request = Metrology_Testing_V1_StartStepsRequest()
        request.counter = "steps-\(UUID())"
        let key = UUID().uuidString
        let started = try await client.call(steps(queue), request, options: .init(messageID: key))

        // It ends itself (as a crash: no shutdown) right after step one was recorded, still holding the lease.
        #expect(await Spawn.wait(first.pid) == 0)
        let held = try #require(try await process(started.processID))
        #expect(held.status == "running")
        #expect(held.step == "two")
        #expect(held.leaseOwner == "\(queue)-a")
        #expect(try await counter("\(request.counter)-one")?.1 == 1)
        #expect(try await counter("\(request.counter)-two") == nil)

        // A second instance, whose clock runs an hour ahead, finds the lease run out and runs step two.
        let second = try await startEcho(queue, name: "\(queue)-b", ["METROLOGY_ECHO_PROCESS_CLOCK_OFFSET": "3600"])
        defer { Task { await second.terminate() } }
        let finished = try await eventually(timeout: .seconds(60)) { try await process(started.processID)?.status == "done" }
        try #require(finished)
        let done = try #require(try await process(started.processID))
        let state = try Metrology_Testing_V1_StepsState(serializedBytes: done.state)
        #expect(state.first == 1)
        #expect(state.second == 1)
        #expect(done.lastError == nil)
        // Each step's side effect happened once.
        #expect(try await counter("\(request.counter)-one")! == (1, 1))
        #expect(try await counter("\(request.counter)-two")! == (1, 1))

        // The start is part of its write: a retry of it is the stored reply, and no second process begins.
        let retried = try await client.call(steps(queue), request, options: .init(messageID: key))
        #expect(retried.processID == started.processID)
        let kind = "\(queue).steps"
        let count = try await withEchoDatabase { database in
            let rows = try await database.query("SELECT count(*) FROM processes WHERE kind = \(kind)", logger: TestEnvironment.logger)
            for try await count in rows.decode(Int64.self) { return count }
            return 0
        }
        #expect(count == 1)
    }

    @Test("a step refused for good fails the process at once, with status failed and the refusal's reason")
    func permanentFailure() async throws {
        let queue = "echo-steps-\(UUID().uuidString.prefix(8).lowercased())"
        let instance = try await startEcho(queue, name: "\(queue)-a")
        defer { Task { await instance.terminate() } }
        let client = try await makeClient()
        defer { Task { await client.close() } }
        var request = Metrology_Testing_V1_StartStepsRequest()
        request.counter = "refused-\(UUID())"
        request.refuse = true
        let started = try await client.call(steps(queue), request)

        let failed = try await eventually(timeout: .seconds(60)) { try await process(started.processID)?.status == "failed" }
        try #require(failed)
        let record = try #require(try await process(started.processID))
        #expect(record.step == "one")
        #expect(record.attempts == 1)
        #expect(record.lastError?.hasPrefix("ECHO_COUNTER_MISSING:") == true)
        #expect(record.leaseOwner == nil)
        #expect(try await counter("\(request.counter)-one") == nil)
    }
}
