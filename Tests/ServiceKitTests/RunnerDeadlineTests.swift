import Testing

@testable import ServiceKit

/// The process runner's statements run under a deadline: a call that never answers is cancelled and reported as
/// DeadlineExceeded (CI saw a claim wait forever after a database restart); one that answers in time gives its value.
@Suite struct RunnerDeadlineTests {
    @Test func aCallThatNeverAnswersIsCancelledAtTheDeadline() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200), "claiming a due process") { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        #expect(error?.description == "claiming a due process did not finish within 0 s; cancelled")
        // Returned once the sleeping call was cancelled, long before it would have ended by itself.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// A query already sent waits on a future that cancellation does not reach: the runner is told at the deadline
    /// all the same and the call is left behind.
    @Test func aCallThatIgnoresCancellationStillEndsAtTheDeadline() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200), "claiming a due process") { () async throws -> Int in
                let end = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
                return 1
            }
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test func aCallThatAnswersInTimeGivesItsValueAndErrors() async throws {
        let value = try await withDeadline(.seconds(60), "renewing a lease") { () async throws -> Int? in 7 }
        #expect(value == 7)
        let none = try await withDeadline(.seconds(60), "claiming a due process") { () async throws -> Int? in nil }
        #expect(none == nil)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadline(.seconds(60), "recording a step") { () async throws -> Int in throw Refused() }
        }
    }
}

/// An event whose database stopped answering is abandoned at the deadline (InboxConsumer) and must be requeued like
/// any transient database failure, never dead-lettered as poison.
@Suite struct InboxDeadlineTests {
    @Test func anEventPastItsDeadlineIsTransientAndAnyOtherFailureIsNot() async throws {
        let error = await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100), "applying records.task.created e-1") { () async throws -> Bool in
                try await Task.sleep(for: .seconds(3600))
                return true
            }
        }
        #expect(InboxConsumer.isTransient(try #require(error)))
        struct NotADatabase: Error {}
        #expect(!InboxConsumer.isTransient(NotADatabase()))
    }
}
