/// An exact decimal number: `significand × 10^exponent`.
///
/// Why not `Double`: 0.1 + 0.2 must be 0.3 and 2.675 rounded to 0.01 must see the 5 that was written, or GB/T 8170
/// rounding and limit comparison give wrong conclusions. Why not `Foundation.Decimal`: it is slow, drops the scale
/// (`1.0020` must stay `1.0020`, since the number of decimals written is information in metrology), and its rounding
/// is not GB/T 8170's.
///
/// - `+`, `−`, `×` are exact while the result has at most 38 significant digits; beyond that an exact computation
///   throws `FORMULA_OVERFLOW` rather than silently losing digits.
/// - `÷`, `SQRT` and negative powers are computed to ``workingPrecision`` (34 significant digits, as IEEE 754
///   decimal128), rounded half-even, and the result is flagged ``isExact`` = false when digits were lost. Any
///   operation with an inexact operand also rounds to 34 digits (as Python's `decimal` with `prec = 34` does).
/// - The scale is kept like Python's `decimal`: `1.0 × 1.00 = 1.000`, `1.50 + 1 = 2.50`; an exact quotient gets the
///   scale closest to `scale(a) − scale(b)` (`10.00 ÷ 2 = 5.00`).
/// - Equality and ordering are by value (`1.0 == 1.00`); ``isIdentical(to:)`` also compares the scale.
public struct ExactDecimal: Sendable {
    /// Invariant: |significand| ≤ 10^38 − 1; inexact values have at most 34 digits.
    public private(set) var significand: Int128
    public var exponent: Int { Int(storedExponent) }
    /// False when the value was rounded to the working precision by a division, square root or an operation on such
    /// a value. Rounding with GB/T 8170 is deliberate and does not clear exactness that was there.
    public private(set) var isExact: Bool
    var storedExponent: Int32

    /// Significant digits kept by ÷ and SQRT (and by anything computed from an inexact value).
    public static let workingPrecision = 34
    /// Most digits an exact value can carry.
    public static let maximumDigits = 38
    /// Exponents beyond ± this throw `FORMULA_OVERFLOW` (far outside anything measured).
    public static let exponentLimit = 9_999

    public static let zero = ExactDecimal(uncheckedSignificand: 0, exponent: 0)
    public static let one = ExactDecimal(uncheckedSignificand: 1, exponent: 0)

    /// Caller guarantees the invariants.
    init(uncheckedSignificand: Int128, exponent: Int, isExact: Bool = true) {
        self.significand = uncheckedSignificand
        self.storedExponent = Int32(truncatingIfNeeded: exponent)
        self.isExact = isExact
    }

    /// `significand × 10^exponent`; throws `FORMULA_OVERFLOW` beyond 38 digits or the exponent range.
    public init(significand: Int128, exponent: Int = 0) throws(FormulaError) {
        guard significand.magnitude <= Pow10.maxMagnitude else { throw FormulaError.overflow() }
        guard abs(exponent) <= Self.exponentLimit else { throw FormulaError.overflow("（指数超出范围）") }
        self.init(uncheckedSignificand: significand, exponent: exponent)
    }

    public init(_ value: Int) {
        self.init(uncheckedSignificand: Int128(value), exponent: 0)
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }
    /// Digits after the decimal point as written (negative when the value is a multiple of 10, 100 …).
    public var scale: Int { -exponent }
    /// Significant digits of the significand (at least 1; trailing zeros count, as they do in `1.0020`).
    public var digitCount: Int { Pow10.digitCount(significand.magnitude) }

    public var magnitude: ExactDecimal {
        var copy = self
        copy.significand = significand < 0 ? -significand : significand
        return copy
    }

    public static prefix func - (value: ExactDecimal) -> ExactDecimal {
        var copy = value
        copy.significand = -value.significand
        return copy
    }

    /// Same value and same scale (and exactness): `1.0` is not identical to `1.00`.
    public func isIdentical(to other: ExactDecimal) -> Bool {
        significand == other.significand && storedExponent == other.storedExponent && isExact == other.isExact
    }

    /// The same value with trailing zeros of the significand removed (`1.0020` → `1.002`, `1300` → `13E+2`).
    public var normalized: ExactDecimal {
        guard significand != 0 else { return ExactDecimal(uncheckedSignificand: 0, exponent: 0, isExact: isExact) }
        var m = significand
        var e = exponent
        while m % 10 == 0 && e < Self.exponentLimit { m /= 10; e += 1 }
        return ExactDecimal(uncheckedSignificand: m, exponent: e, isExact: isExact)
    }

    /// Approximation for display and plotting only; never used in evaluation.
    public var doubleValue: Double {
        let m = Double(significand)
        return exponent >= 0 ? m * Pow10.double(exponent) : m / Pow10.double(-exponent)
    }

    func markedInexact() -> ExactDecimal {
        var copy = self
        copy.isExact = false
        return copy
    }
}
