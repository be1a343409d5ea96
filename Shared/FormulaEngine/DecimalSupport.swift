/// Powers of ten and digit counting on 128-bit magnitudes, shared by the decimal operations.
enum Pow10 {
    /// 10^0 … 10^38 (10^38 < 2^128 ≈ 3.4 × 10^38). Written out as literals so the compiler can emit the array as
    /// static data: a computed table would be initialized lazily, behind a `swift_once` check on every access.
    static let table: [UInt128] = [
        1,
        10,
        100,
        1000,
        10000,
        100000,
        1000000,
        10000000,
        100000000,
        1000000000,
        10000000000,
        100000000000,
        1000000000000,
        10000000000000,
        100000000000000,
        1000000000000000,
        10000000000000000,
        100000000000000000,
        1000000000000000000,
        10000000000000000000,
        100000000000000000000,
        1000000000000000000000,
        10000000000000000000000,
        100000000000000000000000,
        1000000000000000000000000,
        10000000000000000000000000,
        100000000000000000000000000,
        1000000000000000000000000000,
        10000000000000000000000000000,
        100000000000000000000000000000,
        1000000000000000000000000000000,
        10000000000000000000000000000000,
        100000000000000000000000000000000,
        1000000000000000000000000000000000,
        10000000000000000000000000000000000,
        100000000000000000000000000000000000,
        1000000000000000000000000000000000000,
        10000000000000000000000000000000000000,
        100000000000000000000000000000000000000,
    ]
    static let maxMagnitude: UInt128 = table[38] - 1

    @inline(__always) static func of(_ n: Int) -> UInt128 { table[n] }

    /// Number of decimal digits of `m` (1 for 0). Uses the bit length to guess, then one table comparison.
    @inline(__always) static func digitCount(_ m: UInt128) -> Int {
        if m < 10 { return 1 }
        let bits = 128 - m.leadingZeroBitCount
        let guess = (bits * 1233) >> 12  // ≈ bits × log10(2)
        return m < table[guess] ? guess : guess + 1
    }

    /// 128-bit division is a library call (`__udivti3`); most values in a record fit in 64 bits, where the CPU
    /// divides directly.
    @inline(__always) static func quotientAndRemainder(_ m: UInt128, _ divisor: UInt128) -> (UInt128, UInt128) {
        if m >> 64 == 0 && divisor >> 64 == 0 {
            let (q, r) = UInt64(truncatingIfNeeded: m).quotientAndRemainder(dividingBy: UInt64(truncatingIfNeeded: divisor))
            return (UInt128(q), UInt128(r))
        }
        return m.quotientAndRemainder(dividingBy: divisor)
    }

    /// m ÷ 10^drop for m < 10^38. A divisor above 2^64 takes the slow path of 128-bit division; splitting it as
    /// 10^19 × 10^(drop − 19) gives one division by a 64-bit divisor and one native 64-bit division.
    @inline(__always) static func dividedByPowerOfTen(_ m: UInt128, _ drop: Int) -> (quotient: UInt128, remainder: UInt128) {
        guard drop > 19 else { return quotientAndRemainder(m, table[drop]) }
        let high = m / table[19]  // < 10^19 < 2^64
        let q = UInt64(truncatingIfNeeded: high) / UInt64(truncatingIfNeeded: table[drop - 19])
        let quotient = UInt128(q)
        return (quotient, m - quotient * table[drop])
    }

    /// (high, low) ÷ divisor, with high < divisor (so the quotient fits in 128 bits). When the divisor fits in 64
    /// bits, schoolbook long division over 64-bit digits needs two 128-by-64-bit divisions; the generic
    /// `dividingFullWidth` does much more.
    @inline(__always) static func divideWide(_ high: UInt128, _ low: UInt128, by divisor: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        if high == 0 { return quotientAndRemainder(low, divisor) }
        guard divisor >> 64 == 0 else { return divisor.dividingFullWidth((high, low)) }
        // high < divisor < 2^64: digits (high) (low >> 64) (low & mask) in base 2^64.
        let (q1, r1) = ((high << 64) | (low >> 64)).quotientAndRemainder(dividingBy: divisor)
        let (q0, r0) = ((r1 << 64) | (low & 0xFFFF_FFFF_FFFF_FFFF)).quotientAndRemainder(dividingBy: divisor)
        return ((q1 << 64) | q0, r0)
    }

    static func double(_ n: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var k = n
        while k > 0 {
            if k & 1 == 1 { result *= base }
            base *= base
            k >>= 1
        }
        return result
    }

    /// Rounds `m / 10^drop` half-even; `sticky` says nonzero digits were already lost below `m`'s last digit
    /// (so an apparent tie is really above half). `drop` may exceed 38 (the result is then 0).
    @inline(__always) static func roundHalfEven(_ m: UInt128, drop: Int, sticky: Bool = false) -> UInt128 {
        guard drop > 0 else { return m }
        guard drop <= 38 else { return 0 }  // m < 10^38 < half of 10^drop
        let (q, r) = dividedByPowerOfTen(m, drop)
        let half = table[drop] / 2
        if r > half || (r == half && (sticky || q & 1 == 1)) { return q + 1 }
        return q
    }
}

extension ExactDecimal {
    /// Builds a result from a magnitude that may carry more digits than allowed.
    ///
    /// - `exact`: the operands were exact and no digits were lost computing `magnitude` (`sticky` false).
    /// - Exact results keep up to 38 digits, else `FORMULA_OVERFLOW`; inexact ones are rounded half-even to 34.
    /// - `sticky`: nonzero digits were truncated below `magnitude` (the caller keeps at least 2 guard digits).
    static func finish(
        negative: Bool, magnitude: UInt128, exponent: Int, exact: Bool, sticky: Bool = false
    )
        throws(FormulaError) -> ExactDecimal
    {
        var m = magnitude
        var e = exponent
        let isExact = exact && !sticky
        if isExact {
            guard m <= Pow10.maxMagnitude else { throw FormulaError.overflow() }
        } else {
            let digits = Pow10.digitCount(m)
            if digits > workingPrecision {
                let drop = digits - workingPrecision
                m = Pow10.roundHalfEven(m, drop: drop, sticky: sticky)
                e += drop
                if m == Pow10.table[workingPrecision] { m /= 10; e += 1 }  // 99…9 rounded up to 100…0
            }
        }
        if m == 0 { e = min(max(e, -exponentLimit), exponentLimit) }
        guard abs(e) <= exponentLimit else { throw FormulaError.overflow("（指数超出范围）") }
        let signed = Int128(m)
        return ExactDecimal(uncheckedSignificand: negative ? -signed : signed, exponent: e, isExact: isExact)
    }
}

/// Just enough 256-bit arithmetic to check a square root exactly: products of two 128-bit numbers and scaling by
/// powers of ten.
struct UInt256: Comparable {
    var high: UInt128
    var low: UInt128

    init(_ value: UInt128) {
        high = 0
        low = value
    }

    init(square value: UInt128) {
        (high, low) = value.multipliedFullWidth(by: value)
    }

    /// `self × factor`; the caller keeps the product below 2^256.
    mutating func multiply(by factor: UInt128) {
        let (carry, newLow) = low.multipliedFullWidth(by: factor)
        high = high &* factor &+ carry
        low = newLow
    }

    mutating func multiply(byPowerOfTen n: Int) {
        var remaining = n
        while remaining > 0 {
            let step = min(remaining, 38)
            multiply(by: Pow10.of(step))
            remaining -= step
        }
    }

    static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
