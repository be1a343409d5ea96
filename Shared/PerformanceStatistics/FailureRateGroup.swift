import Foundation

/// One verification result as the evaluation counts it: which group it belongs to and whether it failed.
public struct VerificationOutcome: Sendable, Hashable {
    public var group: String
    public var failed: Bool

    public init(group: String, failed: Bool) {
        self.group = group
        self.failed = failed
    }
}

/// The failure rate of one group (a kind, a manufacturer, a model, a year…) with its Wilson interval.
public struct FailureRateGroup: Sendable, Hashable {
    public var group: String
    public var failures: Int
    public var total: Int
    /// Wilson at the requested confidence; nil only when total is 0 (never produced by `FailureRates.group`).
    public var interval: ProportionInterval?

    public var rate: Double { total > 0 ? Double(failures) / Double(total) : 0 }

    public init(group: String, failures: Int, total: Int, confidence: Double = 0.95) {
        self.group = group
        self.failures = failures
        self.total = total
        interval = WilsonInterval.interval(successes: failures, trials: total, confidence: confidence)
    }
}

public enum FailureRates {
    /// Groups outcomes by their group key: ordered by total descending, then by key (a stable order for charts).
    public static func group(_ outcomes: some Sequence<VerificationOutcome>, confidence: Double = 0.95) -> [FailureRateGroup] {
        var counts: [String: (failures: Int, total: Int)] = [:]
        for outcome in outcomes {
            counts[outcome.group, default: (0, 0)].total += 1
            if outcome.failed { counts[outcome.group, default: (0, 0)].failures += 1 }
        }
        return counts.map { FailureRateGroup(group: $0.key, failures: $0.value.failures, total: $0.value.total, confidence: confidence) }
            .sorted { ($0.total, $1.group) > ($1.total, $0.group) }
    }
}
