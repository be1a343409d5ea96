/// The checker's view of a value: its base type, its unit, and whether it is a GB/T 8170 rounding result.
struct ValueType: Equatable {
    typealias Base = FormulaType.Base

    /// What rounding produced the value; tracked so a second rounding can be refused (GB/T 8170 §3.4).
    enum Rounding: Equatable {
        /// ROUND(x, interval): the interval when it is a constant.
        case interval(ExactDecimal?)
        /// ROUNDSIG(x, n): n when it is a constant.
        case significant(Int?)

        var description: String {
            switch self {
            case .interval(let interval?): return "已修约到 \(interval)"
            case .significant(let n?): return "已修约到 \(n) 位有效数字"
            default: return "已修约"
            }
        }
    }

    var base: Base
    var unit: UnitTag = .pure
    var rounding: Rounding? = nil

    static let text = ValueType(base: .text)
    static let boolean = ValueType(base: .boolean)
    static let booleans = ValueType(base: .booleans)
    static func number(_ unit: UnitTag = .pure, rounding: Rounding? = nil) -> ValueType {
        ValueType(base: .number, unit: unit, rounding: rounding)
    }
    static func numbers(_ unit: UnitTag = .pure) -> ValueType { ValueType(base: .numbers, unit: unit) }

    var isNumeric: Bool { base == .number || base == .numbers }
    var isBooleanLike: Bool { base == .boolean || base == .booleans }

    var publicType: FormulaType {
        FormulaType(base: base, unit: unit.display, isRounded: rounding != nil)
    }

    static func name(of base: Base) -> String {
        switch base {
        case .number: return "数值"
        case .text: return "文本"
        case .boolean: return "逻辑值"
        case .numbers: return "数值列表"
        case .booleans: return "逻辑值列表"
        }
    }

    var name: String { Self.name(of: base) }
}

/// Units are labels compared as exact strings (after trimming spaces); no conversion (mL vs L) and no
/// dimensional analysis beyond cancelling identical labels:
///
/// - `+`, `−`, comparisons, IF branches, MIN/MAX/SUM/AVERAGE arguments need the same unit; a plain number literal
///   takes the other side's unit (`V + 0.5`); `%`, `‰` and `ppm` are dimensionless with a label, so they mix with
///   unitless numbers (a relative error `(a − b) / b × 100` may be declared "%").
/// - `×` and `÷` combine labels: `L ÷ L` → none, `L ÷ min` → `L/min`, `L × 2` → `L`, `m × m` → `m·m`.
///   `L/min × min` is *not* simplified to `L` (write the unit you want on the data item and convert explicitly).
enum UnitTag: Hashable {
    /// A number literal: adopts whatever unit it is combined with.
    case flexible
    /// A pure number (not named `none`: in an `Optional<UnitTag>` context that would silently mean nil).
    case pure
    case named(String)

    init(_ declared: String?) {
        let trimmed = declared?.trimmingSpaces() ?? ""
        self = trimmed.isEmpty ? .pure : .named(trimmed)
    }

    var display: String? {
        if case .named(let label) = self { return label }
        return nil
    }

    var shown: String { display ?? "无单位" }

    /// Dimensionless labels.
    var isLabel: Bool {
        if case .named(let label) = self { return label == "%" || label == "‰" || label == "ppm" }
        return false
    }

    /// Behaves as a pure number in `×`/`÷` and mixes with pure numbers in `+`/`−`.
    private var isDimensionless: Bool { self == .pure || self == .flexible || isLabel }

    /// The unit of `a ± b` (and what comparisons need); nil when they do not match.
    static func sum(_ a: UnitTag, _ b: UnitTag) -> UnitTag? {
        if a == b { return a }
        if a == .flexible { return b }
        if b == .flexible { return a }
        if a.isLabel && b == .pure { return a }
        if b.isLabel && a == .pure { return b }
        return nil
    }

    static func product(_ a: UnitTag, _ b: UnitTag) -> UnitTag {
        switch (a.isDimensionless, b.isDimensionless) {
        case (true, true):
            // Keep a label when the other side is a plain number: E × 1 stays "%".
            if a.isLabel && !b.isLabel { return a }
            if b.isLabel && !a.isLabel { return b }
            return a == .flexible && b == .flexible ? .flexible : .pure
        case (true, false): return b
        case (false, true): return a
        case (false, false): return .named(a.display! + "·" + b.display!)
        }
    }

    static func quotient(_ a: UnitTag, _ b: UnitTag) -> UnitTag {
        if a == b { return a == .flexible ? .flexible : .pure }
        switch (a.isDimensionless, b.isDimensionless) {
        case (true, true):
            if a.isLabel && !b.isLabel { return a }
            return a == .flexible && b == .flexible ? .flexible : .pure
        case (false, true): return a
        case (true, false): return .named("1/" + b.display!)
        case (false, false):
            let denominator = b.display!
            return .named(a.display! + "/" + (denominator.contains("/") || denominator.contains("·") ? "(\(denominator))" : denominator))
        }
    }

    /// `x^n` for a constant integer n.
    func power(_ n: Int) -> UnitTag {
        guard !isDimensionless, n != 1 else { return n == 0 ? .pure : self }
        return .named("\(display!)^\(n)")
    }

    /// √x: `m^2` → `m`; pure numbers stay pure; anything else has no unit we can name.
    var squareRoot: UnitTag? {
        if isDimensionless { return self == .flexible ? .flexible : .pure }
        if let label = display, label.hasSuffix("^2") { return .named(String(label.dropLast(2))) }
        return nil
    }

    /// Whether a formula's inferred unit may be stored in an item declared with `declared`.
    static func assignable(_ inferred: UnitTag, to declared: UnitTag) -> Bool {
        sum(inferred, declared) == declared
    }
}
