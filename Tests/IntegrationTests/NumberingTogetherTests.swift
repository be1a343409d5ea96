import Contracts
import Foundation
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// IssueNumber's group commit through the real broker and database: concurrent calls of one rule share a
/// transaction, and each still gets one number, its stored reply and its own audit entry.
@Suite("Flows: numbers committed together", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct NumberingTogetherTests {
    @Test("concurrent calls share transactions; each message id keeps one number, replayed as stored; every number is audited once, by its caller")
    func together() async throws {
        let setup = try await FlowsTests.Setup.make("numbering-together")
        defer { Task { await setup.fx.close() } }
        let prefix = "GT" + UUID().uuidString.prefix(4).uppercased() + "-"
        let request = try await setup.numbering(prefix: prefix, datePattern: "none")
        let token = setup.fx.adminToken
        let call = { @Sendable (key: String) in
            try await setup.fx.client.call(
                FlowsMethods.issueNumber, request, options: .init(timeout: .seconds(20), messageID: key, accessToken: token))
        }

        // 40 new calls at once: one unbroken run of numbers.
        let keys = (0..<40).map { _ in UUID().uuidString }
        let first = try await withThrowingTaskGroup(of: (String, Metrology_Flows_V1_IssuedNumber).self) { group in
            for key in keys { group.addTask { (key, try await call(key)) } }
            return try await group.reduce(into: [String: Metrology_Flows_V1_IssuedNumber]()) { $0[$1.0] = $1.1 }
        }
        #expect(first.values.map(\.sequence).sorted() == Array(1...40))
        #expect(first.values.allSatisfy { $0.number == prefix + String(format: "%06lld", $0.sequence) })

        // Each of 16 new message ids sent twice at once, and 8 of the first burst again: a duplicate in a group makes
        // it run call by call, and still every message id has exactly one number.
        let doubled = (0..<16).map { _ in UUID().uuidString }
        let mixed = try await withThrowingTaskGroup(of: (String, Metrology_Flows_V1_IssuedNumber).self) { group in
            for key in doubled + doubled + keys.prefix(8) { group.addTask { (key, try await call(key)) } }
            return try await group.reduce(into: [(String, Metrology_Flows_V1_IssuedNumber)]()) { $0.append($1) }
        }
        for key in doubled {
            let answers = Set(mixed.filter { $0.0 == key }.map(\.1.number))
            #expect(answers.count == 1, "\(key): \(answers)")
        }
        for (key, answer) in mixed where first[key] != nil { #expect(answer == first[key]) }
        let secondRun = Set(mixed.filter { doubled.contains($0.0) }.map(\.1.sequence))
        #expect(secondRun == Set(41...56))

        // Every reply stored by a group is replayed as it was given.
        for key in keys { #expect(try await call(key) == first[key]) }

        // One audit entry per number, by its caller, with the period; and the calls did share transactions: a group's
        // entries carry one timestamp.
        var list = Metrology_Common_V1_ListAuditRequest()
        list.action = "number.issued"
        list.pageSize = 500
        let entries = try await setup.fx.client.call(AuditMethods.list("flows"), list, options: setup.options).entries
            .filter { $0.entityID.hasPrefix(prefix) }
        #expect(entries.count == 56)
        #expect(Set(entries.map(\.entityID)).count == 56)
        #expect(
            entries.allSatisfy { $0.actorName.contains("admin") && $0.detailsJson.contains("\"period\":\"\"") && $0.summary.hasSuffix($0.entityID) })
        let burst = entries.filter { entry in first.values.contains { $0.number == entry.entityID } }
        let stamps = Dictionary(grouping: burst, by: { $0.occurredAt.seconds * 1_000_000_000 + Int64($0.occurredAt.nanos) })
        #expect(stamps.values.contains { $0.count > 1 }, "40 concurrent calls were all committed one by one")
        #expect(try await setup.fx.client.call(AuditMethods.verify("flows"), .init(), options: setup.options).intact)
    }
}
