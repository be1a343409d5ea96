/// Ordering and equality by value, whatever the scale: `1.0 == 1.00`, `-0.0 == 0`.
extension ExactDecimal: Comparable, Hashable {
    /// −1, 0 or 1.
    public func compare(to other: ExactDecimal) -> Int {
        let lhsSign = significand.signum()
        let rhsSign = other.significand.signum()
        if lhsSign != rhsSign { return lhsSign < rhsSign ? -1 : 1 }
        if lhsSign == 0 { return 0 }
        let order = Self.compareMagnitudes(self, other)
        return lhsSign > 0 ? order : -order
    }

    /// Compares |a| and |b| (both nonzero).
    static func compareMagnitudes(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let am = a.significand.magnitude
        let bm = b.significand.magnitude
        if a.storedExponent == b.storedExponent { return am == bm ? 0 : (am < bm ? -1 : 1) }
        let aAdjusted = a.exponent + Pow10.digitCount(am)
        let bAdjusted = b.exponent + Pow10.digitCount(bm)
        if aAdjusted != bAdjusted { return aAdjusted < bAdjusted ? -1 : 1 }
        // Same magnitude order, so scaling the one with the larger exponent gives at most 38 digits.
        if a.exponent > b.exponent {
            let scaled = am * Pow10.of(a.exponent - b.exponent)
            return scaled == bm ? 0 : (scaled < bm ? -1 : 1)
        } else {
            let scaled = bm * Pow10.of(b.exponent - a.exponent)
            return am == scaled ? 0 : (am < scaled ? -1 : 1)
        }
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.compare(to: rhs) == 0 }
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.compare(to: rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.significand)
        hasher.combine(n.significand == 0 ? 0 : n.exponent)
    }
}
