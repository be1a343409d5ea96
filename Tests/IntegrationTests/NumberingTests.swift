import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Numbering under load: many concurrent callers on two flows instances get every number once, in one unbroken run.
@Suite("Flows: numbering", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct NumberingTests {
    @Test("32 concurrent callers across two instances: no duplicates, no gaps; retries return the same number; the start never moves back")
    func concurrentIssue() async throws {
        let setup = try await FlowsTests.Setup.make("numbering")
        defer { Task { await setup.fx.close() } }
        var second = TestEnvironment.serviceEnvironment(service: "flows", instance: "flows-2")
        second["METROLOGY_LOG_LEVEL"] = "info"
        let instance = try ServiceProcess(executable: "flows", name: "flows-2", environment: second)
        defer { Task { await instance.terminate() } }
        try await instance.waitUntilServing()

        let prefix = "JD" + UUID().uuidString.prefix(4).uppercased() + "-"
        var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
        rule.itemID = setup.item.id
        rule.typeCode = "verification:subsequent"
        rule.target = "certificate"
        rule.prefix = prefix
        rule.datePattern = "YYYY"
        rule.width = 5
        rule.start = 1
        let saved = try await setup.fx.client.call(FlowsMethods.setNumberingRule, rule, options: setup.options)
        #expect(saved.next == 1)

        var preview = Metrology_Flows_V1_PreviewNumbersRequest()
        preview.itemID = setup.item.id
        preview.typeCode = "verification:subsequent"
        preview.target = "certificate"
        preview.count = 3
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(
            try await setup.fx.client.call(FlowsMethods.previewNumbers, preview, options: setup.options).numbers == [
                "\(prefix)\(year)00001", "\(prefix)\(year)00002", "\(prefix)\(year)00003",
            ])

        var issue = Metrology_Flows_V1_IssueNumberRequest()
        issue.itemID = setup.item.id
        issue.typeCode = "verification:subsequent"
        issue.target = "certificate"
        let callers = 32, each = 10
        let template = issue
        let numbers = try await withThrowingTaskGroup(of: [Metrology_Flows_V1_IssuedNumber].self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var mine: [Metrology_Flows_V1_IssuedNumber] = []
                    for call in 0..<each {
                        var request = template
                        request.reference = "record-\(caller)-\(call)"
                        mine.append(
                            try await setup.fx.client.call(
                                FlowsMethods.issueNumber, request, options: .init(timeout: .seconds(20), accessToken: setup.fx.adminToken)))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(numbers.count == callers * each)
        #expect(Set(numbers.map(\.number)).count == numbers.count)
        #expect(numbers.map(\.sequence).sorted() == Array(1...Int64(callers * each)))
        #expect(numbers.allSatisfy { $0.number == "\(prefix)\(year)\(String(format: "%05lld", $0.sequence))" })

        // A retry with the same message id gets the same number and takes none.
        let key = UUID().uuidString
        let once = try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: .init(messageID: key, accessToken: setup.fx.adminToken))
        let twice = try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: .init(messageID: key, accessToken: setup.fx.adminToken))
        #expect(once.number == twice.number)
        #expect(try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: setup.options).sequence == once.sequence + 1)

        // The same reference asked again with a new message id gets the number it was given, and no other is taken:
        // a re-run acceptance or approval burns none.
        var referenced = issue
        referenced.reference = "certificate-" + UUID().uuidString
        let given = try await setup.fx.client.call(FlowsMethods.issueNumber, referenced, options: setup.options)
        let again = try await setup.fx.client.call(FlowsMethods.issueNumber, referenced, options: setup.options)
        #expect(again.number == given.number && again.sequence == given.sequence)
        // 8 at once for a new reference: one number; a loser of the race may be told to retry (FLOWS_NUMBERING_IN_PROGRESS).
        referenced.reference = "certificate-" + UUID().uuidString
        let racing = referenced
        let raced = await withTaskGroup(of: Result<Metrology_Flows_V1_IssuedNumber, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do { return .success(try await setup.fx.client.call(FlowsMethods.issueNumber, racing, options: setup.options)) } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var winners: Set<Int64> = []
        for answer in raced {
            switch answer {
            case .success(let issued): winners.insert(issued.sequence)
            case .failure(let error): #expect((error as? RPCError)?.reason == "FLOWS_NUMBERING_IN_PROGRESS", "\(error)")
            }
        }
        #expect(winners == [given.sequence + 1])
        #expect(try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: setup.options).sequence == given.sequence + 2)

        // The start cannot move back below what was issued.
        rule.start = 100
        let below = try await expectRPCError(.failedPrecondition) {
            _ = try await setup.fx.client.call(FlowsMethods.setNumberingRule, rule, options: setup.options)
        }
        #expect(below.reason == "FLOWS_NUMBERING_START_BELOW_ISSUED")
        rule.start = 1000
        _ = try await setup.fx.client.call(FlowsMethods.setNumberingRule, rule, options: setup.options)
        #expect(try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: setup.options).sequence == 1000)

        // Another item may not print the same numbers.
        let other = try await FlowsTests.Setup.make("numbering-other")
        defer { Task { await other.fx.close() } }
        var clash = rule
        clash.itemID = other.item.id
        let taken = try await expectRPCError(.alreadyExists) {
            _ = try await other.fx.client.call(FlowsMethods.setNumberingRule, clash, options: other.options)
        }
        #expect(taken.reason == "FLOWS_NUMBERING_FORMAT_TAKEN")

        // Only those who create records or certificates take numbers.
        let supervisor = try await setup.fx.createUser("numbers-watch", roles: ["supervisor"])
        let token = try await setup.fx.login(supervisor.username).accessToken
        _ = try await expectRPCError(.permissionDenied) {
            _ = try await setup.fx.client.call(FlowsMethods.issueNumber, issue, options: .init(accessToken: token))
        }
    }

    @Test("a rule's purpose decides who takes its numbers: records.enter for raw records, certificates.edit for certificates (issue 14 §11)")
    func entitlement() async throws {
        let setup = try await FlowsTests.Setup.make("numbering-entitled")
        defer { Task { await setup.fx.close() } }
        let prefix = "EN" + UUID().uuidString.prefix(4).uppercased()
        for (target, affix) in [("raw_record", "-R"), ("certificate", "-C")] {
            var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
            rule.itemID = setup.item.id
            rule.typeCode = "verification:subsequent"
            rule.target = target
            rule.prefix = prefix + affix
            rule.datePattern = "none"
            rule.width = 4
            rule.start = 1
            _ = try await setup.fx.client.call(FlowsMethods.setNumberingRule, rule, options: setup.options)
        }
        func issue(_ target: String, as token: String) async throws -> Metrology_Flows_V1_IssuedNumber {
            var request = Metrology_Flows_V1_IssueNumberRequest()
            request.itemID = setup.item.id
            request.typeCode = "verification:subsequent"
            request.target = target
            return try await setup.fx.client.call(FlowsMethods.issueNumber, request, options: .init(accessToken: token))
        }
        let tester = try await setup.fx.login(try await setup.fx.createUser("numbers-tester", roles: ["metrologist"]).username).accessToken
        let clerk = try await setup.fx.login(try await setup.fx.createUser("numbers-clerk", roles: ["document_admin"]).username).accessToken

        #expect(try await issue("raw_record", as: tester).number == prefix + "-R0001")
        let testerRefused = try await expectRPCError(.permissionDenied) { _ = try await issue("certificate", as: tester) }
        #expect(testerRefused.reason == "FLOWS_NUMBERING_NOT_ENTITLED")
        #expect(testerRefused.details["permission"] == "certificates.edit")

        #expect(try await issue("certificate", as: clerk).number == prefix + "-C0001")
        let clerkRefused = try await expectRPCError(.permissionDenied) { _ = try await issue("raw_record", as: clerk) }
        #expect(clerkRefused.reason == "FLOWS_NUMBERING_NOT_ENTITLED")
        #expect(clerkRefused.details["permission"] == "records.enter")

        // An approver takes the number of the certificate their approval issues, and no raw-record number.
        let approver = try await setup.fx.login(try await setup.fx.createUser("numbers-approver", roles: ["approver"]).username).accessToken
        #expect(try await issue("certificate", as: approver).number == prefix + "-C0002")
        let approverRefused = try await expectRPCError(.permissionDenied) { _ = try await issue("raw_record", as: approver) }
        #expect(approverRefused.reason == "FLOWS_NUMBERING_NOT_ENTITLED")

        // A refused caller took nothing: the next numbers follow on without a gap.
        #expect(try await issue("raw_record", as: tester).number == prefix + "-R0002")
        #expect(try await issue("certificate", as: clerk).number == prefix + "-C0003")
    }
}
