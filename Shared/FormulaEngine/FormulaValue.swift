/// A value going into or coming out of formulas.
public enum FormulaValue: Hashable, Sendable {
    case number(ExactDecimal, unit: String? = nil)
    case text(String)
    case boolean(Bool)
    /// A table slice such as `readings[2,*]` (empty cells left out).
    case numbers([ExactDecimal], unit: String? = nil)
    case booleans([Bool])
    /// Input only: the readings of a table item.
    case table(FormulaTable)

    /// Convenience for decimal literals written in code and tests: `.decimal("20.05", unit: "L")`. Malformed text
    /// is a programming error here; values typed by users go through `ExactDecimal(parsing:)`.
    public static func decimal(_ text: String, unit: String? = nil) -> FormulaValue {
        guard let value = ExactDecimal(text) else { preconditionFailure("invalid decimal literal \(text)") }
        return .number(value, unit: unit)
    }

    public var number: ExactDecimal? {
        if case .number(let value, _) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var unit: String? {
        switch self {
        case .number(_, let unit), .numbers(_, let unit): return unit
        default: return nil
        }
    }
}

extension FormulaValue: CustomStringConvertible {
    /// As shown to a user: `0.23 %`, `合格`, `真`, `[1.0, 2.0]`.
    public var description: String {
        func withUnit(_ text: String, _ unit: String?) -> String { unit.map { text + " " + $0 } ?? text }
        switch self {
        case .number(let value, let unit): return withUnit(value.description, unit)
        case .text(let text): return text
        case .boolean(let value): return value ? "真" : "假"
        case .numbers(let values, let unit): return withUnit("[" + values.map(\.description).joined(separator: ", ") + "]", unit)
        case .booleans(let values): return "[" + values.map { $0 ? "真" : "假" }.joined(separator: ", ") + "]"
        case .table(let table): return "表格 \(table.points)×\(table.runs)"
        }
    }
}

/// The readings of a table item: `points` × `runs` cells, any of which may still be empty.
public struct FormulaTable: Hashable, Sendable, Codable {
    public let points: Int
    public let runs: Int
    /// Point-major: the cell of point p, run r (both 1-based) is at `(p − 1) × runs + (r − 1)`.
    public var cells: [ExactDecimal?]

    public init(points: Int, runs: Int, cells: [ExactDecimal?] = []) {
        self.points = points
        self.runs = runs
        var filled = Array(cells.prefix(points * runs))
        filled += Array(repeating: nil, count: points * runs - filled.count)
        self.cells = filled
    }

    /// One array per measuring point.
    public init(_ rows: [[ExactDecimal?]]) {
        let runs = rows.map(\.count).max() ?? 0
        self.init(points: rows.count, runs: runs, cells: rows.flatMap { $0 + Array(repeating: nil, count: runs - $0.count) })
    }

    /// 1-based point and run; nil outside the table or for an empty cell.
    public subscript(point: Int, run: Int) -> ExactDecimal? {
        get {
            guard point >= 1 && point <= points && run >= 1 && run <= runs else { return nil }
            return cells[(point - 1) * runs + run - 1]
        }
        set {
            guard point >= 1 && point <= points && run >= 1 && run <= runs else { return }
            cells[(point - 1) * runs + run - 1] = newValue
        }
    }
}

/// The static type of a formula's result, as the checker inferred it.
public struct FormulaType: Hashable, Sendable, CustomStringConvertible {
    public enum Base: String, Hashable, Sendable {
        case number, text, boolean, numbers, booleans
    }

    public let base: Base
    public let unit: String?
    /// The value is the result of ROUND/ROUNDSIG (GB/T 8170): it must not be rounded again.
    public let isRounded: Bool

    public var description: String {
        var text = ValueType.name(of: base)
        if let unit { text += "（\(unit)）" }
        if isRounded { text += "，已修约" }
        return text
    }
}

/// One intermediate result of a traced evaluation ("try it"): the sub-expression as written, its value and unit.
public struct FormulaStep: Hashable, Sendable, CustomStringConvertible {
    /// The data item whose formula this step belongs to (nil for a "try it" expression).
    public let formula: String?
    public let expression: String
    public let range: SourceRange
    public let value: FormulaValue

    public var unit: String? { value.unit }

    public var description: String { "\(expression) = \(value)" }
}

/// The result of `FormulaSet.evaluate(inputs:trace:)`.
public struct FormulaEvaluation: Sendable {
    /// Every computed item's value.
    public let values: [String: FormulaValue]
    /// Intermediate steps in evaluation order (post-order within each formula); empty unless traced.
    public let steps: [FormulaStep]
}
