import RPCCore
import Synchronization
import Testing

/// The signal background loops sleep on (outbox relay, process runner, RPC deadline reaper): a wait must end on a
/// signal, on its timeout or on cancellation, and a signal must never be lost. Waits that should end "at once" are
/// given an hour, so a lost signal shows as a wait still running when the 10 s guard ends it.
@Suite struct WakeupTests {
    /// Runs `wait` and says whether it returned before `guardTime`; then cancels it. Polled rather than raced in a task
    /// group, so that a wait that ignores cancellation (a bug, or awaiting another task's value) fails the
    /// expectation instead of hanging the test.
    private func returns(within guardTime: Duration = .seconds(10), _ wait: @escaping @Sendable () async -> Void) async -> Bool {
        let ended = Counter()
        let task = Task {
            await wait()
            ended.add()
        }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: guardTime)
        while ended.value == 0 && clock.now < end { try? await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        return ended.value > 0
    }

    @Test("a wait nobody signals ends when its time is up, not before")
    func timesOut() async {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        let started = clock.now
        await wakeup.wait(upTo: .milliseconds(80))
        #expect(clock.now - started >= .milliseconds(80))
    }

    @Test("a signal ends a wait that is already waiting")
    func signalWakesWaiter() async throws {
        let wakeup = Wakeup()
        async let ended = returns { await wakeup.wait(upTo: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))
        wakeup.signal()
        #expect(await ended)
    }

    @Test("a signal given while nobody waits is kept for the next wait, once")
    func signalIsKept() async {
        let wakeup = Wakeup()
        wakeup.signal()
        wakeup.signal()
        #expect(await returns { await wakeup.wait(upTo: .seconds(3600)) })
        // Two signals before a wait are one: the wait after it sleeps its full time.
        #expect(!(await returns(within: .milliseconds(200)) { await wakeup.wait(upTo: .seconds(3600)) }))
    }

    @Test("cancelling the waiting task ends its wait")
    func cancellationEndsWait() async throws {
        let wakeup = Wakeup()
        let waiter = Task { await wakeup.wait(upTo: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        #expect(await returns { await waiter.value })
    }

    @Test("a second wait cancelled before it begins returns at once and leaves the first one waiting")
    func cancelledSecondWaiter() async throws {
        let wakeup = Wakeup()
        let firstEnded = Counter()
        let first = Task {
            await wakeup.wait(upTo: .seconds(3600))
            firstEnded.add()
        }
        defer { first.cancel() }
        try await Task.sleep(for: .milliseconds(50))
        // Its cancellation handler runs before its continuation exists, while the first wait is the one stored.
        let second = Task {
            while !Task.isCancelled { await Task.yield() }
            await wakeup.wait(upTo: .seconds(3600))
        }
        second.cancel()
        #expect(await returns { await second.value })
        try await Task.sleep(for: .milliseconds(200))
        #expect(firstEnded.value == 0)
        wakeup.signal()
        #expect(await returns { while firstEnded.value == 0 { try? await Task.sleep(for: .milliseconds(5)) } })
    }

    @Test("a wait that timed out leaves no trace: the next signal still wakes the next wait")
    func timeoutThenSignal() async throws {
        let wakeup = Wakeup()
        await wakeup.wait(upTo: .milliseconds(10))
        async let ended = returns { await wakeup.wait(upTo: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))
        wakeup.signal()
        #expect(await ended)
    }

    @Test("signals sent while a loop is busy or waiting are never lost: each round of work is followed by its wake-up")
    func noLostSignals() async {
        let wakeup = Wakeup()
        let rounds = 2000
        // The producer signals after each unit of work; the consumer must see every unit even though it only wakes on
        // signals (an hour's timeout would leave it asleep if one were lost).
        let produced = Counter()
        let finished = await returns(within: .seconds(30)) {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<rounds {
                        produced.add()
                        wakeup.signal()
                        if Bool.random() { await Task.yield() }
                    }
                }
                group.addTask {
                    var seen = 0
                    while seen < rounds {
                        await wakeup.wait(upTo: .seconds(3600))
                        seen = produced.value
                    }
                }
            }
        }
        #expect(finished)
    }
}

private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
