import Contracts
import Foundation
import Logging
import Messaging

/// `bench rpc`: RPC throughput and latency with 1, 4 and 16 callers, framework vs. a plain librabbitmq baseline,
/// alternating runs in this one process so both see the same broker and machine.
struct RPCBenchmark {
    var configuration: AMQPConfiguration
    var callerCounts = [1, 4, 16]
    var totalCalls = 20_000
    var repeats = 3
    var payloadSize = 64
    var prefetch = 32
    /// Whether the framework's calling tasks prefer the client connection's executor (`RPCClient.executor`), as a
    /// service's own handlers effectively do, or run on the global task pool, as the gateway's HTTP handlers do.
    var callersOnClientThread = true
    /// Runs only the framework side, once, for a profiler (`perf stat`, `perf record`) to see nothing else.
    var frameworkOnly = false

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let framework = FrameworkEcho(configuration: configuration, logger: logger)
        let server = framework.makeServer(prefetch: UInt16(prefetch))
        let serverTask = Task { try await server.run() }
        let client = RPCClient(configuration: configuration.named("bench-client"), logger: logger)
        client.start()
        guard await server.waitUntilConnected(timeout: .seconds(10)), await client.waitUntilConnected(timeout: .seconds(10)) else {
            throw BenchError("cannot connect to the broker at \(configuration.host):\(configuration.port)")
        }
        let baseline = BaselineEcho(host: configuration.host, port: configuration.port)
        baseline.startServer(prefetch: Int32(prefetch))
        try await Task.sleep(for: .milliseconds(300))

        // Warm-up: connections, JIT-free but caches and the broker's queues.
        _ = baseline.run(callers: 4, callsPerCaller: 500, payloadSize: payloadSize)
        _ = try await framework.run(client: client, callers: 4, callsPerCaller: 500, payloadSize: payloadSize)
        if frameworkOnly {
            try await profileFramework(framework, client: client)
            baseline.stopServer()
            serverTask.cancel()
            _ = try? await serverTask.value
            await client.close()
            return
        }

        print(
            "RPC echo, \(payloadSize)-byte payload, \(totalCalls) calls per run, median of \(repeats) alternating runs, "
                + "framework callers on \(callersOnClientThread ? "the client connection's thread" : "the global task pool")")
        print(
            "callers | baseline calls/s | framework calls/s | baseline p50/p99 ms | framework p50/p99 ms | throughput ratio (goal ≥ 0.85) | p99 ratio (goal ≤ 1.30)"
        )
        var allMet = true
        for callers in callerCounts {
            let perCaller = totalCalls / callers
            var baselineRuns: [LatencyStats] = []
            var frameworkRuns: [LatencyStats] = []
            for _ in 0..<repeats {
                baselineRuns.append(baseline.run(callers: callers, callsPerCaller: perCaller, payloadSize: payloadSize))
                frameworkRuns.append(
                    try await framework.run(
                        client: client, callers: callers, callsPerCaller: perCaller, payloadSize: payloadSize, onClientThread: callersOnClientThread))
            }
            let base = LatencyStats.median(baselineRuns)
            let ours = LatencyStats.median(frameworkRuns)
            let throughputRatio = ours.throughput / base.throughput
            let p99Ratio = ours.p99 / base.p99
            let met = throughputRatio >= 0.85 && p99Ratio <= 1.30
            allMet = allMet && met
            print(
                String(
                    format: "%7d | %16.0f | %17.0f | %9.3f / %7.3f | %10.3f / %7.3f | %30.2f | %23.2f %@", callers, base.throughput, ours.throughput,
                    base.p50, base.p99, ours.p50, ours.p99, throughputRatio, p99Ratio, met ? "met" : "NOT MET"))
        }
        baseline.stopServer()
        serverTask.cancel()
        _ = try? await serverTask.value
        await client.close()
        print(allMet ? "all goals met" : "some goals not met")
    }
}

extension RPCBenchmark {
    /// One framework run per caller count, after a marker line on stderr, so a profiler attached by PID (or one
    /// that counts from the marker on) measures the framework's calls alone.
    func profileFramework(_ framework: FrameworkEcho, client: RPCClient) async throws {
        for callers in callerCounts {
            FileHandle.standardError.write(Data("profiling \(callers) callers, pid \(getpid())\n".utf8))
            try await Task.sleep(for: .seconds(2))
            let stats = try await framework.run(
                client: client, callers: callers, callsPerCaller: totalCalls / callers, payloadSize: payloadSize,
                onClientThread: callersOnClientThread)
            print(
                String(format: "framework only, %d callers: %.0f calls/s, p50 %.3f ms, p99 %.3f ms", callers, stats.throughput, stats.p50, stats.p99))
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
