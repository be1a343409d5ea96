import Foundation

/// A proportion with its confidence interval: `failures` of `trials`.
public struct ProportionInterval: Sendable, Hashable, Codable {
    public var successes: Int
    public var trials: Int
    public var proportion: Double
    public var lower: Double
    public var upper: Double

    public init(successes: Int, trials: Int, proportion: Double, lower: Double, upper: Double) {
        self.successes = successes
        self.trials = trials
        self.proportion = proportion
        self.lower = lower
        self.upper = upper
    }
}

/// The Wilson score interval (Wilson 1927): the set of p whose score test does not reject at level z. Chosen over
/// the Wald interval p ± z√(p(1−p)/n) because a failure rate is often near 0 with few results, where Wald collapses
/// to [0, 0] for 0 failures and its coverage falls far below nominal; Wilson stays inside [0, 1] and keeps close to
/// nominal coverage for small n (Brown, Cai & DasGupta 2001).
///
///     centre = (p̂ + z²/2n) / (1 + z²/n)
///     half   = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
public enum WilsonInterval {
    /// nil when trials ≤ 0, successes is outside 0…trials, or z is not a positive finite number.
    public static func interval(successes: Int, trials: Int, z: Double) -> ProportionInterval? {
        guard trials > 0, successes >= 0, successes <= trials, z.isFinite, z > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 and n the bound is exactly 0 (resp. 1); rounding would otherwise leave ±1e-17.
        let lower = successes == 0 ? 0 : max(0, centre - half)
        let upper = successes == trials ? 1 : min(1, centre + half)
        return ProportionInterval(successes: successes, trials: trials, proportion: p, lower: lower, upper: upper)
    }

    /// Two-sided confidence, e.g. 0.95 (z = 1.959964…); nil outside 0 < confidence < 1.
    public static func interval(successes: Int, trials: Int, confidence: Double) -> ProportionInterval? {
        guard confidence > 0, confidence < 1, let z = NormalDistribution.quantile(1 - (1 - confidence) / 2) else { return nil }
        return interval(successes: successes, trials: trials, z: z)
    }
}
