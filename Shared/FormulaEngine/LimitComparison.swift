/// GB/T 8170-2008 §4.3: judging a measured or computed value against a limit.
///
/// - 全数值比较法 (`.full`): the value as computed is compared with the limit, without rounding.
/// - 修约值比较法 (`.rounded`): the value is first rounded (GB/T 8170 rules) to the interval of the limit's last
///   digit, then compared; the rounded value is not rounded again.
/// The method is chosen per judgement rule by whoever writes the procedure: the standard says which one applies.
public enum LimitComparisonMethod: String, Hashable, Sendable, Codable, CaseIterable {
    case full
    case rounded

    /// Accepts `full`/`rounded` (any case) and the Chinese names `全数值`/`全数值比较法`/`修约值`/`修约值比较法`.
    public init?(name: String) {
        switch name.lowercased() {
        case "full", "全数值", "全数值比较", "全数值比较法": self = .full
        case "rounded", "修约值", "修约值比较", "修约值比较法": self = .rounded
        default: return nil
        }
    }

    public var chineseName: String { self == .full ? "全数值比较法" : "修约值比较法" }
}

extension ExactDecimal {
    /// The value the method compares: itself (full) or rounded to `interval` (rounded).
    public func comparedValue(_ method: LimitComparisonMethod, interval: ExactDecimal?) throws(FormulaError) -> ExactDecimal {
        switch method {
        case .full:
            return self
        case .rounded:
            guard let interval else { throw FormulaError(.domain, "修约值比较法需要修约间隔") }
            return try rounded(toInterval: interval)
        }
    }

    /// `self ≥ limit` (a lower limit, e.g. "≥ 97.0").
    public func isAtLeast(_ limit: ExactDecimal, method: LimitComparisonMethod, interval: ExactDecimal? = nil) throws(FormulaError) -> Bool {
        try comparedValue(method, interval: interval) >= limit
    }

    /// `self ≤ limit` (an upper limit, e.g. "≤ 0.5").
    public func isAtMost(_ limit: ExactDecimal, method: LimitComparisonMethod, interval: ExactDecimal? = nil) throws(FormulaError) -> Bool {
        try comparedValue(method, interval: interval) <= limit
    }

    /// `low ≤ self ≤ high` (a range, e.g. "9.9 ~ 10.1").
    public func isWithin(
        _ low: ExactDecimal, _ high: ExactDecimal, method: LimitComparisonMethod, interval: ExactDecimal? = nil
    ) throws(FormulaError) -> Bool {
        let value = try comparedValue(method, interval: interval)
        return value >= low && value <= high
    }

    /// `|self| ≤ mpe` (a maximum permissible error, e.g. "±0.30 %").
    public func isWithinMaximumPermissibleError(
        _ mpe: ExactDecimal, method: LimitComparisonMethod, interval: ExactDecimal? = nil
    ) throws(FormulaError) -> Bool {
        try comparedValue(method, interval: interval).magnitude <= mpe
    }

    /// The interval implied by how a limit is written (§4.3.3: round to the limit's last digit): `97.0` → 0.1,
    /// `0.30` → 0.01, `100` → 1.
    public var intervalOfLastDigit: ExactDecimal {
        ExactDecimal(uncheckedSignificand: 1, exponent: min(exponent, 0))
    }
}
