import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// A write that calls another service's write (issue 15): the inner call is made before the outer transaction, with
/// a message id derived from the outer one, so a retried outer write reaches the inner write's stored outcome.
@Suite("Calls on behalf of a call", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct CallsOnBehalfTests {
    @Test("a write retried after its inner IssueNumber succeeded gets the same number, and the rule's counter moved once")
    func retriedWriteReachesTheSameNumber() async throws {
        let setup = try await FlowsTests.Setup.make("calls")
        defer { Task { await setup.fx.close() } }
        let prefix = "EC" + UUID().uuidString.prefix(4).uppercased() + "-"
        var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
        rule.itemID = setup.item.id
        rule.typeCode = "verification:subsequent"
        rule.target = "certificate"
        rule.prefix = prefix
        rule.datePattern = "YYYY"
        rule.width = 5
        rule.start = 1
        _ = try await setup.fx.client.call(FlowsMethods.setNumberingRule, rule, options: setup.options)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())

        try await withEchoCluster { cluster in
            let client = setup.fx.client
            // Signed-in calls wait for the echo instance's revocation list (it refuses tokens until it is loaded).
            let ready = try await eventually { (try? await client.call(HealthMethods.check(cluster.queue), .init())) != nil }
            try #require(ready)

            var request = Metrology_Testing_V1_NumberedBumpRequest()
            request.counter = "numbered-\(UUID())"
            request.itemID = setup.item.id
            request.typeCode = "verification:subsequent"
            request.target = "certificate"
            request.failOnceAfterCall = true
            let options = CallOptions(timeout: .seconds(20), messageID: UUID().uuidString, accessToken: setup.fx.adminToken)

            // The first attempt took a number, then failed before its own transaction: nothing of it is stored.
            let failed = try await expectRPCError(.unavailable) {
                _ = try await client.call(cluster.method(EchoMethods.numberedBump), request, options: options)
            }
            #expect(failed.reason == "ECHO_FAILED_ONCE")

            // The retry (same message id) calls IssueNumber again with the same derived id: flows answers the number
            // it stored, and takes none.
            let retried = try await client.call(cluster.method(EchoMethods.numberedBump), request, options: options)
            #expect(retried.sequence == 1)
            #expect(retried.number == "\(prefix)\(year)00001")
            #expect(retried.value == 1)
            // Once the outer write committed, a retry is its stored reply.
            let again = try await client.call(cluster.method(EchoMethods.numberedBump), request, options: options)
            #expect(again == retried)

            // The rule's counter moved once: the next number anyone takes is the second.
            var issue = Metrology_Flows_V1_IssueNumberRequest()
            issue.itemID = setup.item.id
            issue.typeCode = "verification:subsequent"
            issue.target = "certificate"
            #expect(try await client.call(FlowsMethods.issueNumber, issue, options: setup.options).sequence == 2)

            // A new write (a new message id) takes a new number.
            request.failOnceAfterCall = false
            let next = try await client.call(
                cluster.method(EchoMethods.numberedBump), request, options: .init(timeout: .seconds(20), accessToken: setup.fx.adminToken))
            #expect(next.sequence == 3)
            #expect(next.value == 2)
        }
    }
}
