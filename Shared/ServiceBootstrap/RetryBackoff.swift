/// Pauses between retries of something that keeps failing: doubling from `first` up to `longest`, back to `first`
/// after a success.
public struct RetryBackoff: Sendable, Equatable {
    public let first: Duration
    public let longest: Duration
    private var current: Duration

    public init(first: Duration = .milliseconds(200), longest: Duration = .seconds(5)) {
        self.first = first
        self.longest = longest
        current = first
    }

    /// The pause before the next attempt.
    public mutating func next() -> Duration {
        defer { current = min(current * 2, longest) }
        return current
    }

    public mutating func reset() { current = first }
}
