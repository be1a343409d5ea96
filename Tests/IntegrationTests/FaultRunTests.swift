import Contracts
import Foundation
import Messaging
import RPCCore
import Synchronization
import Testing

/// Numbers issued by several concurrent clients while PostgreSQL restarts and then the broker restarts (issue 14
/// item 6). Nothing may be lost or doubled (each key one number, no gap, no duplicate), and every answer is OK or one
/// that says "retry" — UNAVAILABLE, or DEADLINE_EXCEEDED for a call that waited out the outage — never INTERNAL (13
/// calls were answered 500 when PostgreSQL restarted) and never UNAUTHENTICATED (which signs a user out).
@Suite("Fault run", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct FaultRunTests {
    /// What one logical issue (one idempotency key) saw, over its retries.
    struct Outcome: Sendable {
        var numbers: [Metrology_Flows_V1_IssuedNumber] = []
        var refusals: [String] = []
    }

    @Test("issuing numbers through a PostgreSQL restart and a broker restart: OK or UNAVAILABLE only, exactly once")
    func numbersThroughRestarts() async throws {
        let setup = try await FlowsTests.Setup.make("faults")
        defer { Task { await setup.fx.close() } }
        let prefix = "FR" + UUID().uuidString.prefix(4).uppercased() + "-"
        let issue = try await setup.numbering(prefix: prefix, datePattern: "YYYY")
        let template = issue
        let stop = StopSignal()
        let client = setup.fx.client
        let token = setup.fx.adminToken

        let clients = 6
        async let outcomes: [String: Outcome] = withTaskGroup(of: [String: Outcome].self) { group in
            for caller in 0..<clients {
                group.addTask {
                    var mine: [String: Outcome] = [:]
                    var call = 0
                    while !stop.isSet {
                        let key = UUID().uuidString
                        var request = template
                        request.reference = "fault-\(caller)-\(call)"
                        call += 1
                        var outcome = Outcome()
                        // A key is retried until it is answered: that is what makes exactly-once checkable.
                        for _ in 0..<120 {
                            do {
                                outcome.numbers.append(
                                    try await client.call(
                                        FlowsMethods.issueNumber, request, options: .init(timeout: .seconds(4), messageID: key, accessToken: token)))
                                break
                            } catch let error as RPCError {
                                outcome.refusals.append("\(error.code.name) \(error.reason)")
                                guard [.unavailable, .deadlineExceeded].contains(error.code) else { break }
                                try? await Task.sleep(for: .milliseconds(250))
                            } catch {
                                outcome.refusals.append("\(error)")
                                break
                            }
                        }
                        mine[key] = outcome
                    }
                    return mine
                }
            }
            return await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }

        try await Task.sleep(for: .seconds(1))
        try await TestEnvironment.script("deploy/local/pg", ["restart"])
        try await Task.sleep(for: .seconds(2))
        try await TestEnvironment.broker("stop_app")
        try await Task.sleep(for: .seconds(1))
        try await TestEnvironment.broker("start_app")
        try await Task.sleep(for: .seconds(4))
        stop.set()
        let results = await outcomes

        let refusals = results.values.flatMap(\.refusals)
        let codes = Set(refusals.map { String($0.split(separator: " ").first ?? "") })
        #expect(
            codes.isSubset(of: ["UNAVAILABLE", "DEADLINE_EXCEEDED"]), "refusals: \(Dictionary(grouping: refusals, by: { $0 }).mapValues(\.count))")
        #expect(!refusals.contains { $0.hasPrefix("INTERNAL") || $0.hasPrefix("UNAUTHENTICATED") })

        // Every key got its number, the same one on every answer.
        let unanswered = results.filter { $0.value.numbers.isEmpty }
        #expect(unanswered.isEmpty, "keys never answered: \(unanswered.mapValues(\.refusals))")
        #expect(results.values.allSatisfy { Set($0.numbers.map(\.number)).count <= 1 })
        // One number per key, no duplicate and no gap.
        let sequences = results.values.compactMap(\.numbers.first?.sequence).sorted()
        #expect(sequences.count > clients)
        #expect(sequences == Array(1...Int64(sequences.count)))
        // Nothing was issued that no key accounts for (an orphan would show as a gap or an extra).
        var preview = Metrology_Flows_V1_PreviewNumbersRequest()
        preview.itemID = setup.item.id
        preview.typeCode = "verification:subsequent"
        preview.target = "raw_record"
        preview.count = 1
        let next = try await client.call(FlowsMethods.previewNumbers, preview, options: setup.options).numbers.first
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(next == "\(prefix)\(year)\(String(format: "%06lld", Int64(sequences.count + 1)))")
        // The refusals were real: the run went through both outages.
        #expect(!refusals.isEmpty)
    }
}

/// Tells the issuing clients to finish the key they are on and stop.
final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
