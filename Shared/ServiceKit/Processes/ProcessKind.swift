/// One kind of durable process: its steps by name, where it starts, and how a failing step is retried.
///
/// A step runs outside any transaction (it may call other services, `ProcessStepContext.call`), then returns what
/// comes next; the runner records that in a short transaction. A step may run more than once (its runner died before
/// recording it, or lost its lease), so it must be safe to repeat: its calls derive their message ids from the
/// process and the step and reach the stored outcomes of a previous run, and what it writes to its own schema goes in
/// `ProcessStepOutcome.record`, which commits with the step's result exactly once.
public struct ProcessKind: Sendable {
    public typealias Step = @Sendable (ProcessStepContext) async throws -> ProcessStepOutcome

    /// Stored in `processes.kind`; unique among the kinds one service runs.
    public let name: String
    public let firstStep: String
    let steps: [String: Step]
    /// Runs of one step (the first included) before the process fails for good.
    public var maxAttempts: Int
    /// The pause before the second run of a failed step, doubled for each further one up to `longestPause`.
    public var firstPause: Duration
    public var longestPause: Duration

    public init(
        _ name: String, first: String, steps: [String: Step], maxAttempts: Int = 10, firstPause: Duration = .seconds(1),
        longestPause: Duration = .seconds(300)
    ) {
        precondition(steps[first] != nil, "process \(name) starts at \(first), which is not one of its steps")
        self.name = name
        firstStep = first
        self.steps = steps
        self.maxAttempts = maxAttempts
        self.firstPause = firstPause
        self.longestPause = longestPause
    }

    /// The pause after the `attempts`-th failed run of a step.
    func pause(after attempts: Int) -> Duration {
        var pause = firstPause
        for _ in 1..<max(1, attempts) where pause < longestPause { pause = pause * 2 }
        return min(pause, longestPause)
    }
}
