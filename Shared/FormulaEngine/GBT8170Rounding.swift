/// Rounding per GB/T 8170-2008《数值修约规则与极限数值的表示和判定》§3 and §4.
///
/// The rule (§3.3): the first digit dropped < 5 → keep; > 5 → add one; = 5 followed by any nonzero digit → add one;
/// exactly 5 (nothing or only zeros after it) → make the last kept digit even ("四舍六入五成双"). Negative numbers:
/// round the absolute value, then put the sign back (§3.3.4). Rounding is done once, from the original value
/// (§3.4); the formula checker enforces that (`FORMULA_ROUNDED_TWICE`).
extension ExactDecimal {
    /// The kinds of rounding interval GB/T 8170 allows: 1 × 10^k, 0.5-unit (5 × 10^k, §4.1) and 0.2-unit (2 × 10^k,
    /// §4.2).
    public enum RoundingInterval: Hashable, Sendable {
        case powerOfTen(Int)  // 10^k
        case halfUnit(Int)  // 5 × 10^k, e.g. 0.5 = 5 × 10^-1
        case fifthUnit(Int)  // 2 × 10^k, e.g. 0.2 = 2 × 10^-1, 20 = 2 × 10^1

        /// nil unless `interval` is 1, 2 or 5 times a power of ten.
        public init?(_ interval: ExactDecimal) {
            guard interval.significand > 0 else { return nil }
            let n = interval.normalized
            switch n.significand {
            case 1: self = .powerOfTen(n.exponent)
            case 5: self = .halfUnit(n.exponent)
            case 2: self = .fifthUnit(n.exponent)
            default: return nil
            }
        }
    }

    static func invalidInterval(_ interval: ExactDecimal) -> FormulaError {
        FormulaError(.domain, "修约间隔 \(interval) 无效：应为 10 的整数次幂（如 0.01、1、100），或其 0.5 单位、0.2 单位（如 0.5、0.2、20）")
    }

    /// Rounds to a multiple of `interval` (GB/T 8170 §3.1 a, §4.1, §4.2). The result's scale is the interval's:
    /// 12.1498 to 0.1 → `12.1`; 1.050 to 0.1 → `1.0`; 60.25 to 0.5 → `60.0`; 1268 to 100 → `1300`.
    public func rounded(toInterval interval: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        guard let kind = RoundingInterval(interval) else { throw Self.invalidInterval(interval) }
        return rounded(to: kind)
    }

    public func rounded(to interval: RoundingInterval) -> ExactDecimal {
        switch interval {
        case .powerOfTen(let k):
            return roundedToPowerOfTen(k)
        case .halfUnit(let k):
            // §4.1: ×2, round to 10^(k+1), ÷2. q × 10^(k+1) ÷ 2 = (5q) × 10^k exactly.
            return roundedToMultiple(unit: 5, exponent: k, scaledBy: 2)
        case .fifthUnit(let k):
            // §4.2: ×5, round to 10^(k+1), ÷5. q × 10^(k+1) ÷ 5 = (2q) × 10^k exactly.
            return roundedToMultiple(unit: 2, exponent: k, scaledBy: 5)
        }
    }

    /// Rounds to `n` significant digits (§3.1 b): 12.1498 → `12` (2), 1268 → `1270` (3), 0.0325 → `0.032` (2).
    /// `FORMULA_DOMAIN` unless 1 ≤ n ≤ 38.
    public func rounded(significantDigits n: Int) throws(FormulaError) -> ExactDecimal {
        guard n >= 1 && n <= Self.maximumDigits else { throw FormulaError(.domain, "有效位数应为 1 到 38 之间的整数，实际为 \(n)") }
        guard significand != 0 else { return self }
        let leading = exponent + digitCount - 1  // power of ten of the first significant digit
        let result = roundedToPowerOfTen(leading - n + 1)
        // 9.96 to 2 digits carries into a new digit (10.0): show it as 10, with n digits.
        if result.digitCount > n && result.significand % 10 == 0 {
            return ExactDecimal(uncheckedSignificand: result.significand / 10, exponent: result.exponent + 1, isExact: result.isExact)
        }
        return result
    }

    /// Half-even rounding of the magnitude to a multiple of 10^k; the result has exponent k when that fits.
    func roundedToPowerOfTen(_ k: Int) -> ExactDecimal {
        let m = significand.magnitude
        if exponent >= k {
            // Already a multiple of 10^k: only the scale changes (`5` to 0.01 → `5.00`), if the digits fit.
            let shift = exponent - k
            guard shift <= 38 else { return self }
            let (scaled, overflow) = m.multipliedReportingOverflow(by: Pow10.of(shift))
            guard !overflow && scaled <= Pow10.maxMagnitude else { return self }
            return ExactDecimal(uncheckedSignificand: significand < 0 ? -Int128(scaled) : Int128(scaled), exponent: k, isExact: isExact)
        }
        let q = Pow10.roundHalfEven(m, drop: k - exponent)
        return ExactDecimal(uncheckedSignificand: significand < 0 ? -Int128(q) : Int128(q), exponent: k, isExact: isExact)
    }

    /// 0.5- and 0.2-unit rounding: round `self × factor` to 10^(k+1), then divide by `factor`, done as one
    /// half-even division of |significand| × factor (computed in 256 bits, so no digit limit applies).
    private func roundedToMultiple(unit: UInt128, exponent k: Int, scaledBy factor: UInt128) -> ExactDecimal {
        let drop = k + 1 - exponent
        // Already a multiple of 10^(k+1), hence of the interval: only the scale changes.
        if drop <= 0 { return roundedToPowerOfTen(k) }
        var q: UInt128 = 0
        if drop <= 38 {  // beyond, |self| × factor < 5 × 10^38 ≤ half of 10^drop: rounds to 0
            let divisor = Pow10.of(drop)
            let (quotient, remainder) = divisor.dividingFullWidth(significand.magnitude.multipliedFullWidth(by: factor))
            let half = divisor / 2
            q = quotient
            if remainder > half || (remainder == half && quotient & 1 == 1) { q += 1 }
        }
        let m = Int128(q * unit)  // ≈ |self| × 10^(exponent − k): no more digits than self
        return ExactDecimal(uncheckedSignificand: significand < 0 ? -m : m, exponent: k, isExact: isExact)
    }
}
