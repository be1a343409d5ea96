import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// More handlers in flight than database connections (issue 14 item 2): a pool of 2 under a prefetch of 32 and 64
/// concurrent writes that each hold a connection. Every call answers OK or a clean DEADLINE_EXCEEDED/UNAVAILABLE;
/// a call whose deadline passed while it waited for a connection is not run later; the instance answers normally
/// right afterwards. Before: handlers waited for a connection for ever, ran after their callers had given up, and the
/// backlog kept the instance busy long after the burst.
@Suite("Pool pressure", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct PoolPressureTests {
    @Test("pool 2, prefetch 32, 64 concurrent calls: all answer cleanly, none runs after its deadline, the service answers afterwards")
    func burst() async throws {
        try await withEchoCluster(prefetch: 32, environment: ["METROLOGY_DB_POOL": "2"]) { cluster in
            let client = try await makeClient("pool-pressure")
            let counter = "pool-\(UUID())"
            let answered = await withTaskGroup(of: String.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        do {
                            // Each holds its connection for 300 ms: two at a time, about 13 fit in two seconds.
                            _ = try await client.call(
                                cluster.method(EchoMethods.increment), incrementRequest(counter, pauseBefore: 300),
                                options: .init(timeout: .seconds(2)))
                            return "OK"
                        } catch let error as RPCError {
                            return error.code.name
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(answered.values.reduce(0, +) == 64)
            #expect(Set(answered.keys).isSubset(of: ["OK", "DEADLINE_EXCEEDED", "UNAVAILABLE"]), "answers: \(answered)")
            #expect((answered["OK"] ?? 0) > 0)

            // Right after the burst the instance answers within an ordinary deadline: no backlog of abandoned calls.
            let after = try await client.call(cluster.method(EchoMethods.increment), incrementRequest(counter), options: .init(timeout: .seconds(3)))
            #expect(after.value >= 1)

            // Calls cancelled at their deadline did not write later: executions are the successful calls (and the one
            // after), give or take a call that committed just as its caller's time ran out.
            try await Task.sleep(for: .seconds(1))
            let executions = try await getCounter(cluster, client, counter).executions
            let succeeded = Int64(answered["OK"] ?? 0) + 1
            #expect(executions >= succeeded)
            #expect(executions <= succeeded + 2, "executions \(executions), successful calls \(succeeded)")
            await client.close()
        }
    }
}
