import Contracts
import Foundation
import Messaging
import RPCCore

/// Instances of the test echo service (Tests/EchoService) on a queue of their own, as real processes.
final class EchoCluster: Sendable {
    let queue: String
    let instances: [ServiceProcess]

    /// Starts `count` instances consuming `metrology.<queue>.rpc` and waits until each is serving.
    /// - Parameter environment: more variables for each instance, e.g. `METROLOGY_DB_POOL`.
    init(
        queue: String = "echo-\(UUID().uuidString.prefix(8).lowercased())", count: Int = 1, prefetch: Int? = nil,
        environment extra: [String: String] = [:]
    ) async throws {
        self.queue = queue
        var started: [ServiceProcess] = []
        for index in 1...count {
            var environment = TestEnvironment.serviceEnvironment(service: "echo", instance: "\(queue)-\(index)")
            environment["METROLOGY_ECHO_QUEUE"] = queue
            if let prefetch { environment["METROLOGY_RPC_PREFETCH"] = "\(prefetch)" }
            environment.merge(extra) { _, new in new }
            started.append(try ServiceProcess(executable: "echo-service", name: "\(queue)-\(index)", environment: environment))
        }
        instances = started
        for instance in started { try await instance.waitUntilServing() }
    }

    /// The echo method, addressed to this cluster's queue.
    func method<Request, Response>(_ method: RPCMethod<Request, Response>) -> RPCMethod<Request, Response> {
        RPCMethod(service: queue, fullName: method.fullName)
    }

    func instance(named id: String) -> ServiceProcess? { instances.first { $0.name == id } }

    func stop() async {
        for instance in instances { await instance.terminate() }
    }
}

/// Runs `body` with a fresh echo cluster and stops it afterwards, also when `body` throws.
func withEchoCluster<Result>(
    count: Int = 1, prefetch: Int? = nil, environment: [String: String] = [:], _ body: (EchoCluster) async throws -> Result
) async throws -> Result {
    let cluster = try await EchoCluster(count: count, prefetch: prefetch, environment: environment)
    do {
        let result = try await body(cluster)
        await cluster.stop()
        return result
    } catch {
        await cluster.stop()
        throw error
    }
}

/// A started RPC client for one test.
func makeClient(_ name: String = "test-client") async throws -> RPCClient {
    let client = RPCClient(configuration: TestEnvironment.amqp("\(name)-\(UUID().uuidString.prefix(6))"), logger: TestEnvironment.logger)
    client.start()
    guard await client.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("client could not connect") }
    return client
}

func incrementRequest(_ counter: String, pauseBefore: Int32 = 0, pauseAfter: Int32 = 0) -> Metrology_Testing_V1_IncrementRequest {
    var request = Metrology_Testing_V1_IncrementRequest()
    request.counter = counter
    request.pauseBeforeCommitMs = pauseBefore
    request.pauseAfterCommitMs = pauseAfter
    return request
}

func getCounter(_ cluster: EchoCluster, _ client: RPCClient, _ counter: String) async throws -> Metrology_Testing_V1_GetCounterResponse {
    var request = Metrology_Testing_V1_GetCounterRequest()
    request.counter = counter
    return try await client.call(cluster.method(EchoMethods.getCounter), request)
}

/// Expects `body` to throw an RPCError with `code`; returns it.
@discardableResult
func expectRPCError(_ code: RPCCode, _ body: () async throws -> Void) async throws -> RPCError {
    do {
        try await body()
    } catch let error as RPCError {
        guard error.code == code else { throw TestFailure("expected \(code.name), got \(error)") }
        return error
    }
    throw TestFailure("expected \(code.name), but the call succeeded")
}
