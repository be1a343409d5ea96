// Foundation for libm (`sqrt`, `trunc`) behind the Double estimate of a square root; a client that links no
// Foundation of its own would otherwise fail to link.
import Foundation

/// `÷`, square root and integer powers: exact when the result terminates within the digits computed, otherwise
/// rounded half-even to ``ExactDecimal/workingPrecision`` significant digits and flagged inexact.
extension ExactDecimal {
    public func divided(by divisor: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        guard divisor.significand != 0 else { throw FormulaError(.divisionByZero, "除数为零") }
        let exact = isExact && divisor.isExact
        let ideal = exponent - divisor.exponent  // Python's "ideal exponent" for exact quotients
        let negative = (significand < 0) != (divisor.significand < 0)
        if significand == 0 {
            return try Self.finish(negative: false, magnitude: 0, exponent: ideal, exact: exact)
        }
        var a = significand.magnitude
        let b = divisor.significand.magnitude
        // Scale the dividend so the quotient has exactly 34 digits: one step less when a's leading digits are ≥ b's
        // (compared exactly, both brought to the same digit count), so no second division is needed to round.
        let da = Pow10.digitCount(a), db = Pow10.digitCount(b)
        let aAtB = da <= db ? a * Pow10.of(db - da) : a
        let bAtA = da <= db ? b : b * Pow10.of(da - db)
        var shift = Self.workingPrecision - da + db - (aAtB >= bAtA ? 1 : 0)
        var resultExponent = ideal
        if shift > 38 {
            // b has many more digits than a: pre-scale a (to at most 34 digits) so 10^shift stays within the table.
            a *= Pow10.of(shift - 38)
            resultExponent -= shift - 38
            shift = 38
        }
        if shift < 0 {
            // a has many more digits than b (exact values only): the plain quotient has at most 38 digits.
            shift = 0
        }
        resultExponent -= shift
        let (high, low) = a.multipliedFullWidth(by: Pow10.of(shift))
        let (quotient, remainder) = Pow10.divideWide(high, low, by: b)
        if remainder == 0 && exact {
            // Terminating quotient: drop trailing zeros down to the ideal scale (10.00 ÷ 2 = 5.00, 1 ÷ 4 = 0.25).
            var m = quotient
            var e = resultExponent
            while e < ideal && m % 10 == 0 { m /= 10; e += 1 }
            return try Self.finish(negative: negative, magnitude: m, exponent: e, exact: true)
        }
        if Pow10.digitCount(quotient) == Self.workingPrecision {
            // The usual case: round with the remainder (2r vs b; r < b < 10^38 so 2r fits).
            var m = quotient
            let twice = remainder << 1
            if twice > b || (twice == b && m & 1 == 1) { m += 1 }
            if m == Pow10.of(Self.workingPrecision) { m /= 10; resultExponent += 1 }
            return try Self.finish(negative: negative, magnitude: m, exponent: resultExponent, exact: false)
        }
        return try Self.finish(negative: negative, magnitude: quotient, exponent: resultExponent, exact: false, sticky: remainder != 0)
    }

    /// Square root to 34 significant digits; `FORMULA_DOMAIN` for a negative number. Exact when the root terminates
    /// (`SQRT(2.25) = 1.5`). Newton's iteration from a `Double` estimate; the last digit may be off by one unit.
    public func squareRoot() throws(FormulaError) -> ExactDecimal {
        guard significand >= 0 else { throw FormulaError(.domain, "不能对负数开平方（\(self)）") }
        if significand == 0 { return ExactDecimal(uncheckedSignificand: 0, exponent: exponent / 2, isExact: isExact) }
        // self = M × 10^(2k) with M an integer (< 10^39), so √self = √M × 10^k and √M is either an integer or
        // irrational: exactness is decided by squaring the integer nearest to the computed root.
        let n = normalized
        let k = n.exponent >= 0 ? n.exponent / 2 : -((1 - n.exponent) / 2)  // floor(exponent / 2)
        let mantissa = ExactDecimal(uncheckedSignificand: n.significand, exponent: n.exponent - 2 * k)
        let estimate = mantissa.doubleValue.squareRoot()  // ≤ 3.2 × 10^19
        var x = ExactDecimal(uncheckedSignificand: Int128(estimate * 1e17), exponent: -17, isExact: false)
        let half = ExactDecimal(uncheckedSignificand: 5, exponent: -1)
        for _ in 0..<3 {
            x = try x.adding(mantissa.divided(by: x)).multiplied(by: half)
        }
        let nearest = x.roundedToPowerOfTen(0)
        let integer = ExactDecimal(uncheckedSignificand: nearest.significand, exponent: nearest.exponent)
        if let square = try? integer.multiplied(by: integer), square == mantissa {
            return ExactDecimal(uncheckedSignificand: integer.significand, exponent: integer.exponent + k, isExact: isExact).normalized
        }
        // Newton's result may be one unit off in the 34th digit; pick the candidate R with
        // (R − ½)² ≤ mantissa × 10^(−2q) < (R + ½)², i.e. (2R − 1)² ≤ 4·mantissa·10^(−2q) < (2R + 1)², exactly.
        var root = x.significand.magnitude
        let q = x.exponent
        var target = UInt256(mantissa.significand.magnitude)
        target.multiply(by: 4)
        target.multiply(byPowerOfTen: mantissa.exponent - 2 * q)
        while root > 1 && target < UInt256(square: 2 * root - 1) { root -= 1 }
        while !(target < UInt256(square: 2 * root + 1)) { root += 1 }
        return try Self.finish(negative: false, magnitude: root, exponent: q + k, exact: false)
    }

    /// `self^n` for an integer n: exact for n ≥ 0 (by repeated squaring, `FORMULA_OVERFLOW` past 38 digits), a
    /// division for n < 0. `0^0` is 1; `0^n` with n < 0 is `FORMULA_DIVISION_BY_ZERO`.
    public func power(_ n: Int) throws(FormulaError) -> ExactDecimal {
        guard n.magnitude <= UInt(Self.exponentLimit) else { throw FormulaError.overflow("（指数过大）") }
        var result = ExactDecimal.one
        var base = self
        var k = n.magnitude
        while k > 0 {
            if k & 1 == 1 { result = try result.multiplied(by: base) }
            k >>= 1
            if k > 0 { base = try base.multiplied(by: base) }
        }
        return n < 0 ? try ExactDecimal.one.divided(by: result) : result
    }
}
