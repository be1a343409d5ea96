import Contracts
import Foundation
import Messaging
import PostgresNIO
import Testing

/// What happens when an instance dies mid-request: the broker redelivers to another instance, and the stored
/// outcome makes the write take effect exactly once.
@Suite("Crash recovery", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct CrashRecoveryTests {
    /// Which instance started handling `messageID`, from the row the echo handler commits first.
    func handlingInstance(_ messageID: String) async throws -> String? {
        try await withEchoDatabase { database in
            var found: String?
            _ = try await eventually {
                let rows = try await database.query("SELECT instance FROM handling WHERE message_id = \(messageID)", logger: TestEnvironment.logger)
                for try await instance in rows.decode(String.self) { found = instance }
                return found != nil
            }
            return found
        }
    }

    @Test("killed before commit: redelivered to another instance, applied once")
    func killedBeforeCommit() async throws {
        try await withEchoCluster(count: 2) { cluster in
            let client = try await makeClient()
            let counter = "kill-before-\(UUID())"
            let messageID = UUID().uuidString
            async let reply = client.call(
                cluster.method(EchoMethods.increment), incrementRequest(counter, pauseBefore: 3000),
                options: .init(timeout: .seconds(30), messageID: messageID))
            let victim = try #require(try await handlingInstance(messageID))
            await (try #require(cluster.instance(named: victim))).kill()

            let response = try await reply
            #expect(response.instanceID != victim)
            #expect(response.value == 1)
            let counted = try await getCounter(cluster, client, counter)
            #expect(counted.value == 1)
            #expect(counted.executions == 1)
            await client.close()
        }
    }

    @Test("killed after commit, before the reply: the other instance replays the stored outcome")
    func killedAfterCommit() async throws {
        try await withEchoCluster(count: 2) { cluster in
            let client = try await makeClient()
            let counter = "kill-after-\(UUID())"
            let messageID = UUID().uuidString
            async let reply = client.call(
                cluster.method(EchoMethods.increment), incrementRequest(counter, pauseAfter: 3000),
                options: .init(timeout: .seconds(30), messageID: messageID))
            let victim = try #require(try await handlingInstance(messageID))
            // Wait for the commit, then kill during the pause that follows it.
            try await Task.sleep(for: .milliseconds(800))
            await (try #require(cluster.instance(named: victim))).kill()

            let response = try await reply
            // The reply is the one the killed instance committed: it was not run again.
            #expect(response.instanceID == victim)
            #expect(response.value == 1)
            #expect(try await getCounter(cluster, client, counter).executions == 1)
            await client.close()
        }
    }
}
