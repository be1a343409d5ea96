import Testing

@testable import FlowsService

/// The numbering gate: one holder per key at a time, and a holder that never finishes does not keep the key beyond
/// its lease.
@Suite("Flows: the counter gate")
struct CounterGateTests {
    /// What the holders saw, from inside the gate.
    actor Log {
        var inside: [String: Int] = [:]
        var most = 0
        var events: [String] = []

        func enter(_ key: String) {
            inside[key, default: 0] += 1
            most = max(most, inside[key]!)
        }

        func leave(_ key: String) { inside[key, default: 0] -= 1 }
        func note(_ event: String) { events.append(event) }
    }

    struct Refusal: Error {}

    @Test("one holder per key at a time; other keys are not held up; a throwing holder releases the key")
    func exclusion() async throws {
        let gate = CounterGate()
        let log = Log()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let key = index.isMultiple(of: 2) ? "a" : "b"
                group.addTask {
                    _ = try? await gate.run(key) {
                        await log.enter(key)
                        await Task.yield()
                        await log.leave(key)
                        if index.isMultiple(of: 5) { throw Refusal() }
                    }
                }
            }
        }
        #expect(await log.most == 1)
        // Every holder gave the key back, throwing or not: a last caller gets in at once.
        #expect(try await gate.run("a") { 1 } == 1)
    }

    @Test("a holder that never returns keeps the key only for its lease: the next caller gets in while it still hangs")
    func lease() async throws {
        let gate = CounterGate(lease: .milliseconds(50))
        let log = Log()
        let (release, letGo) = AsyncStream<Void>.makeStream()
        let stuck = Task {
            try await gate.run("k") {
                // Stands for a query that never returns, until the test lets it go.
                for await _ in release { break }
                await log.note("stuck out")
            }
        }
        try await gate.run("k") { await log.note("second in") }
        letGo.yield()
        try await stuck.value
        #expect(await log.events == ["second in", "stuck out"])
    }

    @Test("a release with an earlier holder's ticket (its lease ran out) passes the key to nobody")
    func staleRelease() async throws {
        let gate = CounterGate()
        let first = await gate.acquire("k")
        let second = Task { await gate.acquire("k") }
        while await gate.state("k").waiting < 1 { await Task.yield() }
        await gate.release("k", first)
        let secondTicket = await second.value
        #expect(await gate.state("k").holder == secondTicket)
        let third = Task { await gate.acquire("k") }
        while await gate.state("k").waiting < 1 { await Task.yield() }
        // The first holder's late release, as after its lease: the key stays the second's, the third still waits.
        await gate.release("k", first)
        #expect(await gate.state("k").holder == secondTicket)
        #expect(await gate.state("k").waiting == 1)
        await gate.release("k", secondTicket)
        let thirdTicket = await third.value
        #expect(await gate.state("k").holder == thirdTicket)
        await gate.release("k", thirdTicket)
        #expect(await gate.state("k").holder == nil)
    }
}
