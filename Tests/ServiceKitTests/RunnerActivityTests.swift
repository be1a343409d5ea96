import Testing

@testable import ServiceKit

/// The process runner's watchdog names a worker that has stayed in one activity past the limit, once, and forgets it
/// when the worker moves on.
@Suite struct RunnerActivityTests {
    let start = ContinuousClock.now

    @Test func anActivityPastTheLimitIsReportedOnceWithItsWorkerAndAge() {
        let activity = RunnerActivity()
        activity.set(0, "claiming a due process", at: start)
        activity.set(1, "running certificate.issue c-1, step render", at: start + .seconds(100))
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(179)).isEmpty)
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(200)) == ["worker 0: claiming a due process for 200 s"])
        // Reported already; worker 1 is not yet past the limit.
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(250)).isEmpty)
        #expect(
            activity.stalled(longerThan: .seconds(180), now: start + .seconds(290)) == [
                "worker 1: running certificate.issue c-1, step render for 190 s"
            ])
    }

    @Test func aWorkerThatMovesOnOrFinishesStartsAfresh() {
        let activity = RunnerActivity()
        activity.set(0, "recording certificate.issue c-1, step render", at: start)
        activity.set(0, "claiming a due process", at: start + .seconds(150))
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(200)).isEmpty)
        activity.set(0, nil)
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(1000)).isEmpty)
        activity.set(0, "claiming a due process", at: start + .seconds(1000))
        #expect(activity.stalled(longerThan: .seconds(180), now: start + .seconds(1200)) == ["worker 0: claiming a due process for 200 s"])
    }
}
