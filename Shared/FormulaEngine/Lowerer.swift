/// A data item as formulas see it.
struct Symbol {
    let code: String
    let type: ValueType
    let slot: Slot
}

/// Checks one formula and compiles it in the same walk: every node gets its static type (base type, unit,
/// rounded-or-not) and a closure. Type errors, unknown names, unit mismatches, a constant zero divisor and a second
/// rounding are found here, at save time, with the place of the offending sub-expression.
struct Lowerer {
    /// The data item being compiled (nil for a "try it" expression).
    let formula: String?
    let source: [UInt16]
    let symbols: [String: Symbol]
    /// When set, every non-constant node records its value as a `FormulaStep` ("try it").
    let tracing: Bool

    func error(_ code: FormulaError.Code, _ message: String, _ range: SourceRange) -> FormulaError {
        FormulaError(code, message, formula: formula, range: range)
    }

    func text(_ range: SourceRange) -> String {
        let end = min(range.offset + range.length, source.count)
        return String(decoding: source[min(range.offset, end)..<end], as: UTF16.self)
    }

    func lower(_ expr: Expr) throws(FormulaError) -> Lowered {
        var result = try lowerNode(expr)
        if tracing && result.constant == nil {
            result.code = traced(result.code, expr.range, unit: result.type.unit.display)
        }
        return result
    }

    private func traced(_ code: Code, _ range: SourceRange, unit: String?) -> Code {
        let formula = self.formula
        let expression = text(range)
        func record(_ frame: EvalFrame, _ value: FormulaValue) {
            frame.steps.append(FormulaStep(formula: formula, expression: expression, range: range, value: value))
        }
        switch code {
        case .number(let inner):
            return .number { f throws(FormulaError) in
                let v = try inner(f); record(f, .number(v, unit: unit)); return v
            }
        case .boolean(let inner):
            return .boolean { f throws(FormulaError) in
                let v = try inner(f); record(f, .boolean(v)); return v
            }
        case .text(let inner):
            return .text { f throws(FormulaError) in
                let v = try inner(f); record(f, .text(v)); return v
            }
        case .numbers(let inner):
            return .numbers { f throws(FormulaError) in
                let v = try inner(f); record(f, .numbers(v, unit: unit)); return v
            }
        case .booleans(let inner):
            return .booleans { f throws(FormulaError) in
                let v = try inner(f); record(f, .booleans(v)); return v
            }
        }
    }

    private func lowerNode(_ expr: Expr) throws(FormulaError) -> Lowered {
        switch expr.kind {
        case .number(let value):
            return .constant(value)
        case .text(let value):
            return Lowered(type: .text, code: .text { _ in value }, constant: .text(value))
        case .boolean(let value):
            return Lowered(type: .boolean, code: .boolean { _ in value }, constant: .boolean(value))
        case .name(let name):
            return try reference(name, expr.range)
        case .cell(let name, let nameRange, let point, let run):
            return try cell(name, nameRange, point, run, expr.range)
        case .unary(let op, let operand):
            return try unary(op, operand, expr.range)
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, expr.range)
        case .call(let name, let nameRange, let arguments):
            return try call(name, nameRange, arguments, expr.range)
        }
    }

    // MARK: - References

    func unknownName(_ name: String, _ range: SourceRange) -> FormulaError {
        var message = "未知的数据项“\(name)”"
        if FormulaFunction.named(name) != nil {
            message += "（\(name.uppercased()) 是函数，调用时请加括号，如 \(name.uppercased())(…)）"
        } else if let suggestion = NameSuggestion.closest(to: name, among: Array(symbols.keys)) {
            message += "，是否是“\(suggestion)”？"
        }
        return error(.unknownName, message, range)
    }

    private func reference(_ name: String, _ range: SourceRange) throws(FormulaError) -> Lowered {
        guard let symbol = symbols[name] else { throw unknownName(name, range) }
        let formula = self.formula
        func missing() -> FormulaError {
            FormulaError(.missingValue, "数据项“\(name)”没有值", formula: formula, range: range)
        }
        switch symbol.slot {
        case .number(let i):
            return Lowered(
                type: symbol.type,
                code: .number { f throws(FormulaError) in
                    guard f.hasNumber[i] else { throw missing() }
                    return f.numbers[i]
                })
        case .boolean(let i):
            return Lowered(
                type: symbol.type,
                code: .boolean { f throws(FormulaError) in
                    let value = f.booleans[i]
                    guard value != 2 else { throw missing() }
                    return value == 1
                })
        case .text(let i):
            return Lowered(
                type: symbol.type,
                code: .text { f throws(FormulaError) in
                    guard let value = f.texts[i] else { throw missing() }
                    return value
                })
        case .numbers(let i):
            return Lowered(
                type: symbol.type,
                code: .numbers { f throws(FormulaError) in
                    guard let value = f.numberLists[i] else { throw missing() }
                    return value
                })
        case .booleans(let i):
            return Lowered(
                type: symbol.type,
                code: .booleans { f throws(FormulaError) in
                    guard let value = f.booleanLists[i] else { throw missing() }
                    return value
                })
        case .table(let base, let points, let runs):
            let cells = CellRange(start: base, count: points * runs, stride: 1)
            return Lowered(type: .numbers(symbol.type.unit), code: .numbers { f in cells.values(f) }, cells: cells)
        }
    }

    private func cell(
        _ name: String, _ nameRange: SourceRange, _ point: Expr.TableIndex, _ run: Expr.TableIndex, _ range: SourceRange
    )
        throws(FormulaError) -> Lowered
    {
        guard let symbol = symbols[name] else { throw unknownName(name, nameRange) }
        guard case .table(let base, let points, let runs) = symbol.slot else {
            throw error(.type, "“\(name)”是\(symbol.type.name)，不是表格，不能使用下标 [测量点, 次数]", nameRange)
        }
        func check(_ index: Expr.TableIndex, _ limit: Int) throws(FormulaError) {
            if case .at(let i) = index, i < 1 || i > limit {
                throw error(.type, "下标超出表格范围：“\(name)”有 \(points) 个测量点 × \(runs) 次（下标从 1 开始）", range)
            }
        }
        try check(point, points)
        try check(run, runs)
        let unit = symbol.type.unit
        let cells: CellRange
        switch (point, run) {
        case (.at(let p), .at(let r)):
            let index = base + (p - 1) * runs + (r - 1)
            let formula = self.formula
            return Lowered(
                type: .number(unit),
                code: .number { f throws(FormulaError) in
                    guard f.hasNumber[index] else {
                        throw FormulaError(.missingValue, "“\(name)”第 \(p) 个测量点第 \(r) 次没有读数", formula: formula, range: range)
                    }
                    return f.numbers[index]
                })
        case (.at(let p), .all): cells = CellRange(start: base + (p - 1) * runs, count: runs, stride: 1)
        case (.all, .at(let r)): cells = CellRange(start: base + r - 1, count: points, stride: runs)
        case (.all, .all): cells = CellRange(start: base, count: points * runs, stride: 1)
        }
        return Lowered(type: .numbers(unit), code: .numbers { f in cells.values(f) }, cells: cells)
    }

    // MARK: - Operators

    func requireNumber(_ operand: Lowered, _ range: SourceRange, _ what: String) throws(FormulaError) -> NumberCode {
        guard let code = operand.numberCode else {
            let hint = operand.type.base == .numbers ? "（这是一组数值，请用 SUM、AVERAGE、MAX 等函数汇总）" : ""
            throw error(.type, "\(what)需要数值，实际为\(operand.type.name)\(hint)", range)
        }
        return code
    }

    func requireBoolean(_ operand: Lowered, _ range: SourceRange, _ what: String) throws(FormulaError) -> BoolCode {
        guard let code = operand.boolCode else {
            let hint = operand.type.base == .booleans ? "（这是一组逻辑值，请用 ALL 或 ANY 汇总）" : ""
            throw error(.type, "\(what)需要逻辑值（真/假），实际为\(operand.type.name)\(hint)", range)
        }
        return code
    }

    /// Runs a decimal operation, attaching this node's place to an error it throws.
    @inline(__always) static func located<T>(_ range: SourceRange, _ formula: String?, _ body: () throws(FormulaError) -> T) throws(FormulaError) -> T
    {
        do throws(FormulaError) {
            return try body()
        } catch {
            throw error.located(range, formula: formula)
        }
    }

    private func unary(_ op: Expr.UnaryOperator, _ operandExpr: Expr, _ range: SourceRange) throws(FormulaError) -> Lowered {
        let operand = try lower(operandExpr)
        switch op {
        case .plus:
            _ = try requireNumber(operand, operandExpr.range, "正号")
            return operand
        case .negate:
            let code = try requireNumber(operand, operandExpr.range, "负号")
            if let value = operand.constantNumber { return .constant(-value, unit: operand.type.unit) }
            return Lowered(type: operand.type, code: .number { f throws(FormulaError) in -(try code(f)) })
        case .not:
            let code = try requireBoolean(operand, operandExpr.range, "NOT")
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in !(try code(f)) })
        }
    }

    private func binary(_ op: Expr.BinaryOperator, _ lhsExpr: Expr, _ rhsExpr: Expr, _ range: SourceRange) throws(FormulaError) -> Lowered {
        let lhs = try lower(lhsExpr)
        let rhs = try lower(rhsExpr)
        switch op {
        case .add, .subtract, .multiply, .divide:
            return try arithmetic(op, lhs, lhsExpr.range, rhs, rhsExpr.range, range)
        case .power:
            return try power(lhs, lhsExpr.range, rhs, rhsExpr.range, range)
        case .and, .or:
            let a = try requireBoolean(lhs, lhsExpr.range, op.symbol)
            let b = try requireBoolean(rhs, rhsExpr.range, op.symbol)
            // Short-circuit, so `n > 0 AND s / n < 1` never divides by zero.
            if op == .and {
                return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in try a(f) ? try b(f) : false })
            }
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in try a(f) ? true : try b(f) })
        default:
            return try comparison(op, lhs, lhsExpr.range, rhs, rhsExpr.range, range)
        }
    }

    private func arithmetic(
        _ op: Expr.BinaryOperator, _ lhs: Lowered, _ lhsRange: SourceRange, _ rhs: Lowered, _ rhsRange: SourceRange,
        _ range: SourceRange
    ) throws(FormulaError) -> Lowered {
        let a = try requireNumber(lhs, lhsRange, "运算“\(op.symbol)”")
        let b = try requireNumber(rhs, rhsRange, "运算“\(op.symbol)”")
        let unit: UnitTag
        switch op {
        case .add, .subtract:
            guard let sum = UnitTag.sum(lhs.type.unit, rhs.type.unit) else {
                throw error(.unitMismatch, "单位不一致：\(lhs.type.unit.shown) 与 \(rhs.type.unit.shown) 不能\(op == .add ? "相加" : "相减")", range)
            }
            unit = sum
        case .multiply:
            unit = UnitTag.product(lhs.type.unit, rhs.type.unit)
        default:
            if let divisor = rhs.constantNumber, divisor.isZero {
                throw error(.divisionByZero, "除数为常数 0", rhsRange)
            }
            unit = UnitTag.quotient(lhs.type.unit, rhs.type.unit)
        }
        let formula = self.formula
        if let x = lhs.constantNumber, let y = rhs.constantNumber {
            let value = try Self.located(range, formula) { () throws(FormulaError) in try Self.apply(op, x, y) }
            return .constant(value, unit: unit)
        }
        let code: NumberCode
        switch op {
        case .add:
            code = { f throws(FormulaError) in
                let x = try a(f), y = try b(f)
                return try Self.located(range, formula) { () throws(FormulaError) in try x.adding(y) }
            }
        case .subtract:
            code = { f throws(FormulaError) in
                let x = try a(f), y = try b(f)
                return try Self.located(range, formula) { () throws(FormulaError) in try x.subtracting(y) }
            }
        case .multiply:
            code = { f throws(FormulaError) in
                let x = try a(f), y = try b(f)
                return try Self.located(range, formula) { () throws(FormulaError) in try x.multiplied(by: y) }
            }
        default:
            code = { f throws(FormulaError) in
                let x = try a(f), y = try b(f)
                return try Self.located(range, formula) { () throws(FormulaError) in try x.divided(by: y) }
            }
        }
        return Lowered(type: .number(unit), code: .number(code))
    }

    private static func apply(_ op: Expr.BinaryOperator, _ x: ExactDecimal, _ y: ExactDecimal) throws(FormulaError) -> ExactDecimal {
        switch op {
        case .add: return try x.adding(y)
        case .subtract: return try x.subtracting(y)
        case .multiply: return try x.multiplied(by: y)
        default: return try x.divided(by: y)
        }
    }

    func power(_ lhs: Lowered, _ lhsRange: SourceRange, _ rhs: Lowered, _ rhsRange: SourceRange, _ range: SourceRange) throws(FormulaError) -> Lowered
    {
        let base = try requireNumber(lhs, lhsRange, "乘方")
        let exponent = try requireNumber(rhs, rhsRange, "乘方的指数")
        let formula = self.formula
        if let n = rhs.constantNumber {
            guard let k = n.integerValue else {
                throw error(.domain, "乘方的指数必须是整数，实际为 \(n)（开平方请用 SQRT）", rhsRange)
            }
            if k < 0, let x = lhs.constantNumber, x.isZero {
                throw error(.divisionByZero, "0 的负数次幂相当于除以 0", range)
            }
            let unit = lhs.type.unit.power(k)
            if let x = lhs.constantNumber {
                return .constant(try Self.located(range, formula) { () throws(FormulaError) in try x.power(k) }, unit: unit)
            }
            return Lowered(
                type: .number(unit),
                code: .number { f throws(FormulaError) in
                    let x = try base(f)
                    return try Self.located(range, formula) { () throws(FormulaError) in try x.power(k) }
                })
        }
        guard UnitTag.sum(lhs.type.unit, .pure) != nil, UnitTag.sum(rhs.type.unit, .pure) != nil else {
            throw error(.unitMismatch, "带单位的数值只能做常数整数次幂（单位 \(lhs.type.unit.shown)）", range)
        }
        return Lowered(
            type: .number(lhs.type.unit == .flexible ? .pure : lhs.type.unit),
            code: .number { f throws(FormulaError) in
                let x = try base(f)
                let n = try exponent(f)
                guard let k = n.integerValue else {
                    throw FormulaError(.domain, "乘方的指数必须是整数，实际为 \(n)", formula: formula, range: rhsRange)
                }
                return try Self.located(range, formula) { () throws(FormulaError) in try x.power(k) }
            })
    }

    private func comparison(
        _ op: Expr.BinaryOperator, _ lhs: Lowered, _ lhsRange: SourceRange, _ rhs: Lowered, _ rhsRange: SourceRange,
        _ range: SourceRange
    ) throws(FormulaError) -> Lowered {
        switch (lhs.code, rhs.code) {
        case (.number(let a), .number(let b)):
            guard UnitTag.sum(lhs.type.unit, rhs.type.unit) != nil else {
                throw error(.unitMismatch, "单位不一致：\(lhs.type.unit.shown) 与 \(rhs.type.unit.shown) 不能比较", range)
            }
            let test: (Int) -> Bool
            switch op {
            case .equal: test = { $0 == 0 }
            case .notEqual: test = { $0 != 0 }
            case .less: test = { $0 < 0 }
            case .lessEqual: test = { $0 <= 0 }
            case .greater: test = { $0 > 0 }
            default: test = { $0 >= 0 }
            }
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in test(try a(f).compare(to: try b(f))) })
        case (.text(let a), .text(let b)):
            guard op == .equal || op == .notEqual else {
                throw error(.type, "文本只能比较是否相等（= 或 <>）", range)
            }
            let equal = op == .equal
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in (try a(f) == (try b(f))) == equal })
        case (.boolean(let a), .boolean(let b)):
            guard op == .equal || op == .notEqual else {
                throw error(.type, "逻辑值只能比较是否相等（= 或 <>）", range)
            }
            let equal = op == .equal
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in (try a(f) == (try b(f))) == equal })
        default:
            throw error(.type, "不能比较\(lhs.type.name)与\(rhs.type.name)", range)
        }
    }
}
