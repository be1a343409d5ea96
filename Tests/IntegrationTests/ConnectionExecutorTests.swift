import Contracts
import Foundation
import Messaging
import RPCCore
import SwiftProtobuf
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The connection thread as a task executor (Shared/Messaging/AMQP/ConnectionExecutor.swift): where handlers run,
/// what happens to tasks that prefer a connection that is down or closed, and graceful shutdown with handlers in
/// flight. Against the real broker.
@Suite("Connection thread as executor", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ConnectionExecutorTests {
    private static let echo = RPCMethod<Metrology_Testing_V1_EchoRequest, Metrology_Testing_V1_EchoResponse>(
        service: "", fullName: EchoMethods.echo.fullName)
    /// Holds its thread (not just its task) for 800 ms, as CPU-heavy work would.
    private static let block = "/metrology.testing.v1.EchoService/Block"

    @Test("a handler that holds its thread holds up its instance's other requests only when handlers run on the connection thread")
    func placement() async throws {
        let onConnection = try await delayOfQuickCallBehindBlockingOne(handlersOnConnectionThread: true)
        let onPool = try await delayOfQuickCallBehindBlockingOne(handlersOnConnectionThread: false)
        // 800 ms of blocking: on the connection thread the quick call waits for it; on the pool it does not.
        #expect(onConnection >= .milliseconds(500), "on the connection thread: \(onConnection)")
        #expect(onPool < .milliseconds(500), "on the pool: \(onPool)")
    }

    @Test("SIGTERM with a call in flight: the call is answered, then the instance exits by itself")
    func gracefulShutdownFinishesInFlightCalls() async throws {
        let cluster = try await EchoCluster()
        let client = try await makeClient()
        let counter = "drain-\(UUID())"
        async let slow = client.call(
            cluster.method(EchoMethods.increment), incrementRequest(counter, pauseBefore: 1500), options: .init(timeout: .seconds(20)))
        try await Task.sleep(for: .milliseconds(400))
        let instance = cluster.instances[0]
        let terminated = ContinuousClock.now
        #expect(kill(instance.pid, SIGTERM) == 0)
        #expect(try await slow.value == 1)
        let status = await Spawn.wait(instance.pid)
        #expect(status == 0, "exit status \(status)")
        #expect(ContinuousClock.now - terminated < .seconds(10))
        #expect(instance.log.contains("RPC server stopped"))
        await client.close()
        await cluster.stop()
    }

    @Test("a task that prefers a closed client's executor still runs (on the global pool)")
    func closedConnectionHandsJobsOn() async throws {
        let client = try await makeClient()
        await client.close()
        let ran = try await withTimeLimit(.seconds(5)) {
            await withTaskExecutorPreference(client.executor) {
                await Task.yield()
                return true
            }
        }
        #expect(ran)
    }

    @Test("while the broker cannot be reached, a call from a task on the client's executor fails with UNAVAILABLE at once")
    func unreachableBrokerFailsFastOnItsOwnThread() async throws {
        // Nothing listens on the port: the connection thread keeps retrying with backoff and must still run jobs.
        var configuration = TestEnvironment.amqp("unreachable")
        configuration.port = try closedPort()
        let client = RPCClient(configuration: configuration, logger: TestEnvironment.logger)
        client.start()
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        let error = try await withTimeLimit(.seconds(5)) {
            await Task(executorPreference: client.executor) { () -> RPCError? in
                do {
                    _ = try await client.callRaw(
                        service: "nobody", method: EchoMethods.echo.fullName, payload: [], options: .init(timeout: .seconds(3)))
                    return nil
                } catch {
                    return error as? RPCError
                }
            }.value
        }
        #expect(error?.code == .unavailable)
        #expect(ContinuousClock.now - started < .seconds(2))
        await client.close()
    }

    // MARK: - Helpers

    /// Starts a server in this process whose `Block` handler holds its thread, sends one `Block` and, 150 ms later,
    /// one `Echo` call; returns how long the echo took.
    private func delayOfQuickCallBehindBlockingOne(handlersOnConnectionThread: Bool) async throws -> Duration {
        let service = "placement-\(UUID().uuidString.prefix(8).lowercased())"
        var router = RPCRouter()
        router.register(Self.echo) { request, _ in
            var response = Metrology_Testing_V1_EchoResponse()
            response.payload = request.payload
            return response
        }
        router.register(Self.block) { _, _ in
            usleep(800_000)
            return try Metrology_Testing_V1_EchoResponse().serializedBytes()
        }
        let server = RPCServer(
            service: service, instanceID: "1", configuration: TestEnvironment.amqp("\(service)-server"), router: router,
            options: .init(prefetch: 8, handlersOnConnectionThread: handlersOnConnectionThread), logger: TestEnvironment.logger)
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        guard await server.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("server could not connect") }
        let client = try await makeClient()
        let method = RPCMethod<Metrology_Testing_V1_EchoRequest, Metrology_Testing_V1_EchoResponse>(
            service: service, fullName: EchoMethods.echo.fullName)
        // Warm up: the queue exists and both connections are serving.
        _ = try await client.call(method, .init(), options: .init(timeout: .seconds(10)))
        async let blocked = client.callRaw(service: service, method: Self.block, payload: [], options: .init(timeout: .seconds(10)))
        try await Task.sleep(for: .milliseconds(150))
        let started = ContinuousClock.now
        _ = try await client.call(method, .init(), options: .init(timeout: .seconds(10)))
        let delay = ContinuousClock.now - started
        _ = try await blocked
        await client.close()
        serving.cancel()
        _ = try? await serving.value
        return delay
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
    private func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs `body`, or throws when it takes longer than `limit`, so a hang fails the test instead of stalling the run
/// (a task group would wait for the hung child; here it is left behind).
func withTimeLimit<Result: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
    let first = FirstOutcome<Result>()
    return try await withCheckedThrowingContinuation { continuation in
        first.wait(with: continuation)
        Task {
            do { first.finish(.success(try await body())) } catch { first.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            first.finish(.failure(TestFailure("did not finish within \(limit)")))
        }
    }
}

/// Resumes one continuation with whichever outcome comes first.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private let waiting = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func wait(with continuation: CheckedContinuation<Value, any Error>) { waiting.withLock { $0 = continuation } }

    func finish(_ outcome: Result<Value, any Error>) {
        waiting.withLock { continuation in
            continuation?.resume(with: outcome)
            continuation = nil
        }
    }
}
