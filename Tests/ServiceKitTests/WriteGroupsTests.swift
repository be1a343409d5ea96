import Synchronization
import Testing

@testable import ServiceKit

/// How `WriteGroups` forms groups: a lone call runs at once; calls that arrive while a group of their key runs form
/// the next group, in arrival order; each call gets its own reply; a group past its lease no longer holds the key.
@Suite struct WriteGroupsTests {
    /// Runs groups and records them; a group of an item in `held` waits until that item is released.
    final class Runner: Sendable {
        let groups = Mutex<[[Int]]>([])
        let gates = Mutex<[Int: CheckedContinuation<Void, Never>]>([:])
        let held: Set<Int>

        init(holding held: Set<Int> = []) { self.held = held }

        func run(_ items: [Int]) async -> [[UInt8]?] {
            groups.withLock { $0.append(items) }
            if let item = items.first(where: held.contains) {
                await withCheckedContinuation { continuation in gates.withLock { $0[item] = continuation } }
            }
            // An odd item is one the group could not do.
            return items.map { $0.isMultiple(of: 2) ? [UInt8($0)] : nil }
        }

        func release(_ item: Int) async {
            while true {
                if let continuation = gates.withLock({ $0.removeValue(forKey: item) }) { return continuation.resume() }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }

        var recorded: [[Int]] { groups.withLock { $0 } }
    }

    @Test func aLoneCallRunsAtOnceAsAGroupOfOne() async {
        let runner = Runner()
        let groups = WriteGroups<String, Int> { await runner.run($0) }
        #expect(await groups.submit(2, key: "a") == [2])
        #expect(await groups.submit(3, key: "a") == nil)
        #expect(runner.recorded == [[2], [3]])
        #expect(await groups.state("a") == (false, 0))
    }

    @Test func callsArrivingWhileAGroupRunsFormTheNextGroupInArrivalOrder() async throws {
        let runner = Runner(holding: [100])
        let groups = WriteGroups<String, Int> { await runner.run($0) }
        let holder = Task { await groups.submit(100, key: "a") }
        while runner.recorded.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        var waiting: [Task<[UInt8]?, Never>] = []
        for item in [4, 5, 6, 8] {
            waiting.append(Task { await groups.submit(item, key: "a") })
            while await groups.state("a").waiting < waiting.count { try await Task.sleep(for: .milliseconds(5)) }
        }
        // Another key is not held back by this one.
        #expect(await groups.submit(10, key: "b") == [10])
        await runner.release(100)
        #expect(await holder.value == [100])
        var replies: [[UInt8]?] = []
        for task in waiting { replies.append(await task.value) }
        #expect(replies == [[4], nil, [6], [8]])
        #expect(runner.recorded == [[100], [10], [4, 5, 6, 8]])
    }

    @Test func aGroupIsAtMostTheLimit() async throws {
        let runner = Runner(holding: [0])
        let groups = WriteGroups<String, Int>(limit: 2) { await runner.run($0) }
        let holder = Task { await groups.submit(0, key: "a") }
        while runner.recorded.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        var waiting: [Task<[UInt8]?, Never>] = []
        for item in [2, 4, 6] {
            waiting.append(Task { await groups.submit(item, key: "a") })
            while await groups.state("a").waiting < waiting.count { try await Task.sleep(for: .milliseconds(5)) }
        }
        await runner.release(0)
        _ = await holder.value
        for task in waiting { _ = await task.value }
        #expect(runner.recorded == [[0], [2, 4], [6]])
    }

    @Test func aGroupPastItsLeaseNoLongerHoldsTheKey() async throws {
        let runner = Runner(holding: [0])
        let groups = WriteGroups<String, Int>(lease: .milliseconds(100)) { await runner.run($0) }
        let holder = Task { await groups.submit(0, key: "a") }
        while runner.recorded.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        // The first group never ends by itself; the next call runs once the lease has passed.
        #expect(await groups.submit(2, key: "a") == [2])
        #expect(runner.recorded == [[0], [2]])
        await runner.release(0)
        #expect(await holder.value == [0])
        #expect(await groups.state("a") == (false, 0))
    }
}
