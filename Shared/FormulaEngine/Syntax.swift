/// The parsed form of a formula, with the source range of every node (for errors and "try it" steps).
struct Expr {
    enum UnaryOperator { case negate, plus, not }

    enum BinaryOperator {
        case add, subtract, multiply, divide, power
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        case and, or

        var symbol: String {
            switch self {
            case .add: return "+"
            case .subtract: return "-"
            case .multiply: return "*"
            case .divide: return "/"
            case .power: return "^"
            case .equal: return "="
            case .notEqual: return "<>"
            case .less: return "<"
            case .lessEqual: return "<="
            case .greater: return ">"
            case .greaterEqual: return ">="
            case .and: return "AND"
            case .or: return "OR"
            }
        }

        var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
            default: return false
            }
        }
    }

    /// A table subscript: a 1-based point/run number, or `*` for all of them.
    enum TableIndex: Equatable {
        case all
        case at(Int)
    }

    indirect enum Kind {
        case number(ExactDecimal)
        case text(String)
        case boolean(Bool)
        /// A data item: `flow_rate` or `[出厂编号]`.
        case name(String)
        /// `readings[2,3]`, `readings[2,*]`, `readings[*,1]`, `readings[*,*]`; `nameRange` is the name's place.
        case cell(String, nameRange: SourceRange, point: TableIndex, run: TableIndex)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `ROUND(x, 0.01)`; the name as written (functions are case-insensitive).
        case call(String, nameRange: SourceRange, [Expr])
    }

    let kind: Kind
    let range: SourceRange
    /// Levels of the tree below and including this node: how deep every walk over it recurses.
    let height: Int

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        switch kind {
        case .number, .text, .boolean, .name, .cell: height = 1
        case .unary(_, let operand): height = operand.height + 1
        case .binary(_, let lhs, let rhs): height = max(lhs.height, rhs.height) + 1
        case .call(_, _, let arguments): height = (arguments.map(\.height).max() ?? 0) + 1
        }
    }

    /// Names of data items referred to, with their places, in source order.
    func references(into result: inout [(name: String, range: SourceRange)]) {
        switch kind {
        case .number, .text, .boolean: break
        case .name(let name): result.append((name, range))
        case .cell(let name, let nameRange, _, _): result.append((name, nameRange))
        case .unary(_, let operand): operand.references(into: &result)
        case .binary(_, let lhs, let rhs):
            lhs.references(into: &result)
            rhs.references(into: &result)
        case .call(_, _, let arguments):
            for argument in arguments { argument.references(into: &result) }
        }
    }
}
