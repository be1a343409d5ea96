/// Compiled formulas are trees of closures, one per syntax node, typed by result so numbers are never boxed into
/// an enum on the hot path. Compile once per procedure, evaluate once per record.
typealias NumberCode = (EvalFrame) throws(FormulaError) -> ExactDecimal
typealias BoolCode = (EvalFrame) throws(FormulaError) -> Bool
typealias TextCode = (EvalFrame) throws(FormulaError) -> String
typealias NumbersCode = (EvalFrame) throws(FormulaError) -> [ExactDecimal]
typealias BooleansCode = (EvalFrame) throws(FormulaError) -> [Bool]

enum Code {
    case number(NumberCode)
    case boolean(BoolCode)
    case text(TextCode)
    case numbers(NumbersCode)
    case booleans(BooleansCode)

    func value(_ frame: EvalFrame, unit: String?) throws(FormulaError) -> FormulaValue {
        switch self {
        case .number(let code): return .number(try code(frame), unit: unit)
        case .boolean(let code): return .boolean(try code(frame))
        case .text(let code): return .text(try code(frame))
        case .numbers(let code): return .numbers(try code(frame), unit: unit)
        case .booleans(let code): return .booleans(try code(frame))
        }
    }
}

/// A rectangular part of a table in the frame: `count` cells from `start`, `stride` apart.
struct CellRange {
    let start: Int
    let count: Int
    let stride: Int

    /// The numbers present (empty cells are left out, as spreadsheets do).
    @inline(__always) func values(_ frame: EvalFrame) -> [ExactDecimal] {
        var result: [ExactDecimal] = []
        result.reserveCapacity(count)
        var index = start
        for _ in 0..<count {
            if frame.hasNumber[index] { result.append(frame.numbers[index]) }
            index += stride
        }
        return result
    }
}

/// One argument of an aggregate: a number, a table slice read in place, or a computed list.
enum NumberSource {
    case scalar(NumberCode)
    case cells(CellRange)
    case list(NumbersCode)
}

extension Array where Element == NumberSource {
    /// Calls `body` with every number of every argument, in order, without building an array for table slices.
    @inline(__always) func forEachNumber(_ frame: EvalFrame, _ body: (ExactDecimal) throws(FormulaError) -> Void) throws(FormulaError) {
        for source in self {
            switch source {
            case .scalar(let code):
                try body(try code(frame))
            case .cells(let range):
                var index = range.start
                for _ in 0..<range.count {
                    if frame.hasNumber[index] { try body(frame.numbers[index]) }
                    index += range.stride
                }
            case .list(let code):
                for value in try code(frame) { try body(value) }
            }
        }
    }
}

/// A lowered syntax node: its type, its code, and what the checker knows statically about it.
struct Lowered {
    var type: ValueType
    var code: Code
    /// The value, when it does not depend on any data item (literals and what folds from them).
    var constant: FormulaValue? = nil
    /// Set when the node is a table slice, so aggregates can read the cells in place.
    var cells: CellRange? = nil

    var constantNumber: ExactDecimal? { constant?.number }

    var numberCode: NumberCode? {
        if case .number(let code) = code { return code }
        return nil
    }

    var boolCode: BoolCode? {
        if case .boolean(let code) = code { return code }
        return nil
    }

    /// As an aggregate argument.
    var numberSource: NumberSource? {
        if let cells { return .cells(cells) }
        switch code {
        case .number(let code): return .scalar(code)
        case .numbers(let code): return .list(code)
        default: return nil
        }
    }

    static func constant(_ value: ExactDecimal, unit: UnitTag = .flexible) -> Lowered {
        Lowered(type: .number(unit), code: .number { _ in value }, constant: .number(value))
    }
}

extension ExactDecimal {
    /// The value as an `Int` when it is a whole number that fits (`3`, `3.0`, `2E1`).
    var integerValue: Int? {
        let n = normalized
        guard n.exponent >= 0, n.exponent <= 18 else { return n.significand == 0 ? 0 : nil }
        let (scaled, overflow) = n.significand.multipliedReportingOverflow(by: Int128(Pow10.of(n.exponent)))
        guard !overflow else { return nil }
        return Int(exactly: scaled)
    }
}
