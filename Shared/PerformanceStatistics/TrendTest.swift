import Foundation

/// Failures and results in one period of a series (a quarter).
public struct PeriodCount: Sendable, Hashable {
    public var period: String
    public var failures: Int
    public var total: Int

    public init(period: String, failures: Int, total: Int) {
        self.period = period
        self.failures = failures
        self.total = total
    }
}

/// The Cochran–Armitage test for a linear trend in proportions across ordered periods, with scores 0, 1, 2, …
/// (equally spaced quarters; an empty quarter keeps its place in the scoring):
///
///     p̄ = Σxᵢ / Σnᵢ,  T = Σ sᵢ (xᵢ − nᵢ p̄),  Var T = p̄(1−p̄) [Σ nᵢ sᵢ² − (Σ nᵢ sᵢ)² / N],  z = T / √Var T
///
/// z > 0 means failure rates rise over the periods. Compared with fitting a logistic slope it needs no iteration and
/// is exactly the score test of that slope, which is why the two nearly always agree.
public enum TrendTest {
    public struct Outcome: Sendable, Hashable {
        public var z: Double
        /// Two-sided p of z.
        public var p: Double
        /// One-sided p for a rising trend.
        public var pRising: Double
        /// The least-squares slope of the period rates against the scores, weighted by n (rate change per period).
        public var slopePerPeriod: Double
    }

    /// nil with fewer than two non-empty periods, or when every result failed or every one passed (no variance).
    public static func cochranArmitage(_ periods: [PeriodCount]) -> Outcome? {
        let valid = periods.allSatisfy { $0.total >= 0 && $0.failures >= 0 && $0.failures <= $0.total }
        guard valid, periods.filter({ $0.total > 0 }).count >= 2 else { return nil }
        let n = Double(periods.reduce(0) { $0 + $1.total })
        let x = Double(periods.reduce(0) { $0 + $1.failures })
        let pBar = x / n
        var t = 0.0
        var sumNS = 0.0
        var sumNS2 = 0.0
        for (index, period) in periods.enumerated() {
            let s = Double(index)
            t += s * (Double(period.failures) - Double(period.total) * pBar)
            sumNS += Double(period.total) * s
            sumNS2 += Double(period.total) * s * s
        }
        let spread = sumNS2 - sumNS * sumNS / n
        let variance = pBar * (1 - pBar) * spread
        guard variance > 0 else { return nil }
        let z = t / variance.squareRoot()
        return Outcome(
            z: z, p: min(1, 2 * NormalDistribution.upperTail(abs(z))), pRising: NormalDistribution.upperTail(z), slopePerPeriod: t / spread)
    }
}
