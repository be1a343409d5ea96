/// Exact `+`, `−`, `×` (see ``ExactDecimal`` for when results are rounded to the working precision).
extension ExactDecimal {
    public func adding(_ other: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        let exact = isExact && other.isExact
        // Fast path: same scale, the common case for readings written with the same number of decimals.
        if storedExponent == other.storedExponent {
            let (sum, overflow) = significand.addingReportingOverflow(other.significand)
            if !overflow && sum.magnitude <= Pow10.maxMagnitude && (exact || Pow10.digitCount(sum.magnitude) <= Self.workingPrecision) {
                return ExactDecimal(uncheckedSignificand: sum, exponent: exponent, isExact: exact)
            }
        }
        if other.significand == 0 && exact { return rescaledForSum(with: other) ?? self }
        if significand == 0 && exact { return other.rescaledForSum(with: self) ?? other }
        // Align to the smaller exponent; exact when that fits in 38 digits.
        let (high, low) = storedExponent >= other.storedExponent ? (self, other) : (other, self)
        let shift = high.exponent - low.exponent
        if shift <= 38 {
            let (scaled, overflow) = high.significand.multipliedReportingOverflow(by: Int128(Pow10.of(shift)))
            if !overflow && scaled.magnitude <= Pow10.maxMagnitude {
                let sum = scaled + low.significand  // both < 10^38: no Int128 overflow
                return try Self.finish(negative: sum < 0, magnitude: sum.magnitude, exponent: low.exponent, exact: exact)
            }
        }
        guard !exact else { throw FormulaError.overflow("（相加的两个数量级相差过大）") }
        return try Self.addWithGuardDigits(self, other)
    }

    public func subtracting(_ other: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        try adding(-other)
    }

    /// 0 + x keeps the finer scale of the two (`0.00 + 1.5 = 1.50`), as Python's decimal does; nil if that overflows.
    private func rescaledForSum(with zero: ExactDecimal) -> ExactDecimal? {
        guard zero.exponent < exponent else { return self }
        let shift = exponent - zero.exponent
        guard shift <= 38 else { return nil }
        let (scaled, overflow) = significand.multipliedReportingOverflow(by: Int128(Pow10.of(shift)))
        guard !overflow, scaled.magnitude <= Pow10.maxMagnitude else { return nil }
        return ExactDecimal(uncheckedSignificand: scaled, exponent: zero.exponent, isExact: isExact)
    }

    /// Inexact sums whose exponents are too far apart to align in 128 bits: both operands are brought to 37 digits
    /// below the larger one's leading digit, truncated digits are folded into the last one ("round to odd"), so the
    /// final rounding to 34 digits is still correct.
    private static func addWithGuardDigits(_ a: ExactDecimal, _ b: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        func top(_ x: ExactDecimal) -> Int { x.exponent + Pow10.digitCount(x.significand.magnitude) - 1 }
        let target = max(top(a), top(b)) - 36
        var sticky = false
        func aligned(_ x: ExactDecimal) -> Int128 {
            var m = x.significand.magnitude
            if x.exponent >= target {
                m *= Pow10.of(x.exponent - target)
            } else {
                let drop = x.exponent < target - 38 ? 39 : target - x.exponent
                let remainder: UInt128
                if drop > 38 { remainder = m; m = 0 } else { (m, remainder) = m.quotientAndRemainder(dividingBy: Pow10.of(drop)) }
                if remainder != 0 { m |= 1; sticky = true }
            }
            return x.significand < 0 ? -Int128(m) : Int128(m)
        }
        let sum = aligned(a) + aligned(b)
        return try finish(negative: sum < 0, magnitude: sum.magnitude, exponent: target, exact: false, sticky: sticky)
    }

    public func multiplied(by other: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        let exact = isExact && other.isExact
        let negative = (significand < 0) != (other.significand < 0)
        let exponentSum = exponent + other.exponent
        let (high, low) = significand.magnitude.multipliedFullWidth(by: other.significand.magnitude)
        if high == 0 && low <= Pow10.maxMagnitude {
            return try Self.finish(negative: negative && low != 0, magnitude: low, exponent: exponentSum, exact: exact)
        }
        if exact {
            // Trailing zeros (e.g. 10 × 10 × … in a power) do not count against the 38 digits.
            let a = normalized, b = other.normalized
            if a.significand.magnitude != significand.magnitude || b.significand.magnitude != other.significand.magnitude {
                return try a.multiplied(by: b)
            }
            throw FormulaError.overflow("（乘积超过 38 位有效数字）")
        }
        // Inexact operands have ≤ 34 digits, so the product has ≤ 72 and dropping (digits − 37) of them leaves a
        // quotient that fits, with the remainder as sticky information.
        let digitEstimate = Pow10.digitCount(significand.magnitude) + Pow10.digitCount(other.significand.magnitude)
        let drop = max(digitEstimate - 37, 1)
        let (quotient, remainder) = Pow10.of(drop).dividingFullWidth((high, low))
        var m = quotient
        if remainder != 0 { m |= 1 }
        return try Self.finish(negative: negative, magnitude: m, exponent: exponentSum + drop, exact: false, sticky: remainder != 0)
    }

    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) throws(FormulaError) -> ExactDecimal { try lhs.adding(rhs) }
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) throws(FormulaError) -> ExactDecimal { try lhs.subtracting(rhs) }
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) throws(FormulaError) -> ExactDecimal { try lhs.multiplied(by: rhs) }
    public static func / (lhs: ExactDecimal, rhs: ExactDecimal) throws(FormulaError) -> ExactDecimal { try lhs.divided(by: rhs) }
}
