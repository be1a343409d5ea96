import Contracts
import Foundation
import Logging
import Messaging

/// The same echo through the platform's own RPCServer and RPCClient, in this process.
struct FrameworkEcho: Sendable {
    let configuration: AMQPConfiguration
    let logger: Logger
    static let method = RPCMethod<Metrology_Testing_V1_EchoRequest, Metrology_Testing_V1_EchoResponse>(
        service: "benchecho", fullName: EchoMethods.echo.fullName)

    func makeServer(prefetch: UInt16) -> RPCServer {
        var router = RPCRouter()
        router.register(Self.method) { request, _ in
            var response = Metrology_Testing_V1_EchoResponse()
            response.payload = request.payload
            return response
        }
        return RPCServer(
            service: "benchecho", instanceID: "bench", configuration: configuration, router: router, options: .init(prefetch: prefetch),
            logger: logger)
    }

    /// - Parameter onClientThread: the callers prefer the client connection's executor (`RPCClient.executor`).
    func run(
        client: RPCClient, callers: Int, callsPerCaller: Int, payloadSize: Int, onClientThread: Bool = true
    ) async throws -> LatencyStats {
        var request = Metrology_Testing_V1_EchoRequest()
        request.payload = Data(repeating: UInt8(ascii: "x"), count: payloadSize)
        let clock = ContinuousClock()
        let started = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<callers {
                group.addTask(executorPreference: onClientThread ? client.executor : nil) { [request] in
                    var mine: [Int64] = []
                    mine.reserveCapacity(callsPerCaller)
                    for _ in 0..<callsPerCaller {
                        let start = clock.now
                        _ = try await client.call(Self.method, request, options: .init(timeout: .seconds(10)))
                        let elapsed = clock.now - start
                        mine.append(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
                    }
                    return mine
                }
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = clock.now - started
        return LatencyStats(nanoseconds: latencies, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
