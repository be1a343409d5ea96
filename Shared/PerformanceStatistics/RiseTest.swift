import Foundation

/// Has a failure rate risen from a baseline period to a recent one? Two tests on the 2×2 table
/// (failed / passed × baseline / recent), both one-sided (only a rise matters to the warning):
///
/// - Fisher's exact test: conditional on the margins, the recent failures follow a hypergeometric distribution;
///   p = P(X ≥ observed). Exact at any count, so it is what decides (a model with 3 results in a quarter is common).
/// - The pooled two-proportion score z test, reported beside it because readers know it; for large counts the two
///   agree.
///
/// The warning rule (`RiseRule`): recent rate above baseline, Fisher p < 0.01, and at least 20 results in each
/// period. The minimum keeps one failure among three results from raising an alarm however small its p.
public enum RiseTest {
    public struct Outcome: Sendable, Hashable {
        public var baselineFailures: Int
        public var baselineTotal: Int
        public var recentFailures: Int
        public var recentTotal: Int
        /// One-sided Fisher exact p-value for "recent > baseline".
        public var fisherP: Double
        /// Pooled score statistic (recent − baseline); 0 when undefined (no failures or no passes at all).
        public var z: Double
        /// One-sided p of z.
        public var zP: Double
        /// True when `rule` says warn.
        public var warning: Bool

        public var baselineRate: Double { baselineTotal > 0 ? Double(baselineFailures) / Double(baselineTotal) : 0 }
        public var recentRate: Double { recentTotal > 0 ? Double(recentFailures) / Double(recentTotal) : 0 }
    }

    /// nil when a count is negative or failures exceed totals; an empty period gives p = 1 and no warning.
    public static func evaluate(
        baselineFailures: Int, baselineTotal: Int, recentFailures: Int, recentTotal: Int, rule: RiseRule = .standard
    ) -> Outcome? {
        guard baselineFailures >= 0, recentFailures >= 0, baselineFailures <= baselineTotal, recentFailures <= recentTotal else { return nil }
        let fisher = fisherGreater(
            baselineFailures: baselineFailures, baselineTotal: baselineTotal, recentFailures: recentFailures, recentTotal: recentTotal)
        let z = scoreZ(baselineFailures: baselineFailures, baselineTotal: baselineTotal, recentFailures: recentFailures, recentTotal: recentTotal)
        var outcome = Outcome(
            baselineFailures: baselineFailures, baselineTotal: baselineTotal, recentFailures: recentFailures, recentTotal: recentTotal,
            fisherP: fisher, z: z, zP: NormalDistribution.upperTail(z), warning: false)
        outcome.warning =
            baselineTotal >= rule.minimumPerPeriod && recentTotal >= rule.minimumPerPeriod && outcome.recentRate > outcome.baselineRate
            && fisher < rule.alpha
        return outcome
    }

    /// P(X ≥ recentFailures) for X ~ Hypergeometric(N = n₁+n₂, K = x₁+x₂, n = n₂). Summed in log space from the
    /// observed cell up (at most min(K, n₂) − x₂ + 1 terms), so large totals neither overflow nor lose the tail.
    public static func fisherGreater(baselineFailures x1: Int, baselineTotal n1: Int, recentFailures x2: Int, recentTotal n2: Int) -> Double {
        guard n1 >= 0, n2 >= 0, x1 >= 0, x2 >= 0, x1 <= n1, x2 <= n2 else { return 1 }
        let total = n1 + n2
        let failures = x1 + x2
        guard total > 0 else { return 1 }
        let upper = min(failures, n2)
        let denominator = logChoose(total, n2)
        var terms: [Double] = []
        var k = x2
        while k <= upper {
            terms.append(logChoose(failures, k) + logChoose(total - failures, n2 - k) - denominator)
            k += 1
        }
        guard let largest = terms.max(), largest.isFinite else { return 0 }
        let sum = terms.reduce(0) { $0 + exp($1 - largest) }
        return min(1, exp(largest) * sum)
    }

    /// (p̂₂ − p̂₁) / √(p̄(1−p̄)(1/n₁ + 1/n₂)) with the pooled p̄; 0 when a period is empty or p̄ is 0 or 1.
    public static func scoreZ(baselineFailures x1: Int, baselineTotal n1: Int, recentFailures x2: Int, recentTotal n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 0 }
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))
        guard variance > 0 else { return 0 }
        return (Double(x2) / Double(n2) - Double(x1) / Double(n1)) / variance.squareRoot()
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k)
    }

    /// log n! through lgamma(n + 1); exact sums below 64 so small tables carry no approximation at all.
    static func logFactorial(_ n: Int) -> Double {
        if n < 64 {
            var sum = 0.0
            var i = 2
            while i <= n {
                sum += log(Double(i))
                i += 1
            }
            return sum
        }
        return lgamma(Double(n) + 1)
    }
}

/// When a rise becomes a warning.
public struct RiseRule: Sendable, Hashable {
    /// One-sided significance threshold on Fisher's p.
    public var alpha: Double
    /// Results needed in each period before a warning can be raised.
    public var minimumPerPeriod: Int

    public init(alpha: Double, minimumPerPeriod: Int) {
        self.alpha = alpha
        self.minimumPerPeriod = minimumPerPeriod
    }

    /// p < 0.01 with at least 20 results in each period.
    public static let standard = RiseRule(alpha: 0.01, minimumPerPeriod: 20)
}
