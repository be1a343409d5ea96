/// Function calls: arity, argument types and units, and their compiled code. Rounding and judgement functions are
/// in `Lowerer+Judgement.swift`.
extension Lowerer {
    func call(_ name: String, _ nameRange: SourceRange, _ argumentExprs: [Expr], _ range: SourceRange) throws(FormulaError) -> Lowered {
        guard let function = FormulaFunction.named(name) else {
            var message = "未知的函数“\(name)”"
            if symbols[name] != nil {
                message += "：“\(name)”是数据项，不是函数"
            } else if let suggestion = NameSuggestion.closest(to: name, among: FormulaFunction.allNames, caseInsensitive: true) {
                message += "，是否是 \(suggestion)？"
            }
            throw error(.unknownFunction, message, nameRange)
        }
        let count = argumentExprs.count
        if count < function.minimumArguments || count > (function.maximumArguments ?? Int.max) {
            let expected: String
            if function.maximumArguments == function.minimumArguments {
                expected = "需要 \(function.minimumArguments) 个参数"
            } else if let maximum = function.maximumArguments {
                expected = "需要 \(function.minimumArguments) 到 \(maximum) 个参数"
            } else {
                expected = "至少需要 \(function.minimumArguments) 个参数"
            }
            throw error(.arity, "函数 \(function.name) \(expected)，实际为 \(count) 个；用法：\(function.signature)", range)
        }
        var arguments: [Lowered] = []
        for expr in argumentExprs { arguments.append(try lower(expr)) }
        let ranges = argumentExprs.map(\.range)
        switch function.name {
        case "IF": return try conditional(arguments, ranges, range)
        case "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "STDEV": return try aggregate(function.name, arguments, ranges, range)
        case "ABS":
            let x = try requireNumber(arguments[0], ranges[0], "ABS")
            if let value = arguments[0].constantNumber { return .constant(value.magnitude, unit: arguments[0].type.unit) }
            return Lowered(type: arguments[0].type, code: .number { f throws(FormulaError) in try x(f).magnitude })
        case "SQRT":
            let x = try requireNumber(arguments[0], ranges[0], "SQRT")
            guard let unit = arguments[0].type.unit.squareRoot else {
                throw error(.unitMismatch, "不能对单位为 \(arguments[0].type.unit.shown) 的数值开平方", range)
            }
            let formula = self.formula
            if let value = arguments[0].constantNumber {
                return .constant(try Self.located(range, formula) { () throws(FormulaError) in try value.squareRoot() }, unit: unit)
            }
            return Lowered(
                type: .number(unit),
                code: .number { f throws(FormulaError) in
                    let value = try x(f)
                    return try Self.located(range, formula) { () throws(FormulaError) in try value.squareRoot() }
                })
        case "POWER": return try power(arguments[0], ranges[0], arguments[1], ranges[1], range)
        case "ROUND": return try round(arguments, ranges, range)
        case "ROUNDSIG": return try roundSignificant(arguments, ranges, range)
        case "WITHIN", "ABSWITHIN", "ATMOST", "ATLEAST": return try judgement(function.name, arguments, ranges, range)
        case "ALL", "ANY": return try allOrAny(function.name == "ALL", arguments, ranges)
        case "CONCLUDE": return try conclude(arguments, ranges)
        default:
            throw error(.unknownFunction, "未实现的函数“\(function.name)”", nameRange)
        }
    }

    private func conditional(_ arguments: [Lowered], _ ranges: [SourceRange], _ range: SourceRange) throws(FormulaError) -> Lowered {
        let condition = try requireBoolean(arguments[0], ranges[0], "IF 的条件")
        let a = arguments[1], b = arguments[2]
        guard a.type.base == b.type.base else {
            throw error(.type, "IF 的两个结果类型不同：\(a.type.name) 与 \(b.type.name)", range)
        }
        var type = a.type
        if a.type.isNumeric {
            guard let unit = UnitTag.sum(a.type.unit, b.type.unit) else {
                throw error(.unitMismatch, "IF 的两个结果单位不一致：\(a.type.unit.shown) 与 \(b.type.unit.shown)", range)
            }
            type.unit = unit
        }
        // Conservative for GB/T 8170 §3.4: if either branch is a rounded value, the result may be one.
        type.rounding = a.type.rounding ?? b.type.rounding
        // Only the chosen branch runs: IF(n = 0, 0, s / n) never divides by zero.
        let code: Code
        switch (a.code, b.code) {
        case (.number(let x), .number(let y)): code = .number { f throws(FormulaError) in try condition(f) ? try x(f) : try y(f) }
        case (.boolean(let x), .boolean(let y)): code = .boolean { f throws(FormulaError) in try condition(f) ? try x(f) : try y(f) }
        case (.text(let x), .text(let y)): code = .text { f throws(FormulaError) in try condition(f) ? try x(f) : try y(f) }
        case (.numbers(let x), .numbers(let y)): code = .numbers { f throws(FormulaError) in try condition(f) ? try x(f) : try y(f) }
        case (.booleans(let x), .booleans(let y)): code = .booleans { f throws(FormulaError) in try condition(f) ? try x(f) : try y(f) }
        default: throw error(.type, "IF 的两个结果类型不同", range)
        }
        return Lowered(type: type, code: code)
    }

    /// Arguments of SUM/AVERAGE/…: numbers or number lists in one unit.
    private func numberSources(
        _ name: String, _ arguments: [Lowered], _ ranges: [SourceRange], checkUnits: Bool
    ) throws(FormulaError)
        -> (sources: [NumberSource], unit: UnitTag)
    {
        var sources: [NumberSource] = []
        var unit = UnitTag.flexible
        for (index, argument) in arguments.enumerated() {
            guard let source = argument.numberSource else {
                throw error(.type, "函数 \(name) 的第 \(index + 1) 个参数需要数值或表格切片，实际为\(argument.type.name)", ranges[index])
            }
            sources.append(source)
            if checkUnits {
                guard let combined = UnitTag.sum(unit, argument.type.unit) else {
                    throw error(.unitMismatch, "函数 \(name) 的参数单位不一致：\(unit.shown) 与 \(argument.type.unit.shown)", ranges[index])
                }
                unit = combined
            }
        }
        return (sources, unit)
    }

    private func aggregate(_ name: String, _ arguments: [Lowered], _ ranges: [SourceRange], _ range: SourceRange) throws(FormulaError) -> Lowered {
        let (sources, unit) = try numberSources(name, arguments, ranges, checkUnits: name != "COUNT")
        let formula = self.formula
        func noValues() -> FormulaError {
            FormulaError(.missingValue, "函数 \(name) 没有可用的数值", formula: formula, range: range)
        }
        var type = ValueType.number(unit)
        if name == "MIN" || name == "MAX" { type.rounding = arguments.lazy.compactMap(\.type.rounding).first }
        if let folded = Self.scalarFold(name, sources, range, formula) {
            return Lowered(type: type, code: .number(folded))
        }
        let code: NumberCode
        switch name {
        case "SUM":
            code = { f throws(FormulaError) in
                var total = ExactDecimal.zero
                try Self.located(range, formula) { () throws(FormulaError) in
                    try sources.forEachNumber(f) { x throws(FormulaError) in total = try total.adding(x) }
                }
                return total
            }
        case "AVERAGE":
            code = { f throws(FormulaError) in
                var total = ExactDecimal.zero
                var count = 0
                return try Self.located(range, formula) { () throws(FormulaError) in
                    try sources.forEachNumber(f) { x throws(FormulaError) in
                        total = count == 0 ? x : try total.adding(x)
                        count += 1
                    }
                    guard count > 0 else { throw noValues() }
                    return try total.divided(by: ExactDecimal(count))
                }
            }
        case "MIN", "MAX":
            let wantsMax = name == "MAX"
            // Selecting one of the arguments keeps "rounded" if any of them is (GB/T 8170 §3.4 check), set above.
            code = { f throws(FormulaError) in
                var best: ExactDecimal? = nil
                try sources.forEachNumber(f) { x throws(FormulaError) in
                    if let current = best {
                        if wantsMax ? x > current : x < current { best = x }
                    } else {
                        best = x
                    }
                }
                guard let best else { throw noValues() }
                return best
            }
        case "COUNT":
            type = .number(.pure)
            code = { f throws(FormulaError) in
                var count = 0
                try sources.forEachNumber(f) { _ throws(FormulaError) in count += 1 }
                return ExactDecimal(count)
            }
        default:  // STDEV
            code = { f throws(FormulaError) in
                var values: [ExactDecimal] = []
                try sources.forEachNumber(f) { x throws(FormulaError) in values.append(x) }
                guard values.count >= 2 else {
                    throw FormulaError(.domain, "STDEV 至少需要 2 个数值，实际为 \(values.count) 个", formula: formula, range: range)
                }
                return try Self.located(range, formula) { () throws(FormulaError) in try Self.sampleStandardDeviation(values) }
            }
        }
        return Lowered(type: type, code: .number(code))
    }

    /// SUM/AVERAGE/MIN/MAX of plain numbers (`AVERAGE(e1, e2, e3)`, the usual case) as a chain of closures, each
    /// holding the previous one: calling a captured closure needs no retain, while calling closures taken out of an
    /// array does, per element and per record. Left to right, as the loop would (same rounding of inexact sums).
    static func scalarFold(_ name: String, _ sources: [NumberSource], _ range: SourceRange, _ formula: String?) -> NumberCode? {
        // Closures are taken straight from the enum payloads: stored in a `[NumberCode]` they would come back
        // wrapped in a reabstraction thunk, paid on every call.
        guard name != "COUNT", name != "STDEV", sources.allSatisfy({ if case .scalar = $0 { true } else { false } }),
            case .scalar(var chain)? = sources.first
        else { return nil }
        for source in sources.dropFirst() {
            guard case .scalar(let next) = source else { return nil }
            let previous = chain
            switch name {
            case "SUM", "AVERAGE":
                chain = { f throws(FormulaError) in
                    let a = try previous(f), b = try next(f)
                    return try located(range, formula) { () throws(FormulaError) in try a.adding(b) }
                }
            case "MIN":
                chain = { f throws(FormulaError) in
                    let a = try previous(f), b = try next(f)
                    return b < a ? b : a
                }
            default:
                chain = { f throws(FormulaError) in
                    let a = try previous(f), b = try next(f)
                    return b > a ? b : a
                }
            }
        }
        guard name == "AVERAGE" else { return chain }
        let total = chain
        let count = ExactDecimal(sources.count)
        return { f throws(FormulaError) in
            let sum = try total(f)
            return try located(range, formula) { () throws(FormulaError) in try sum.divided(by: count) }
        }
    }

    /// s = √(Σ(xᵢ − x̄)² / (n − 1)) (Bessel), the experimental standard deviation of JJF 1059.1.
    static func sampleStandardDeviation(_ values: [ExactDecimal]) throws(FormulaError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for value in values { total = try total.adding(value) }
        let mean = try total.divided(by: ExactDecimal(values.count))
        var squares = ExactDecimal.zero
        for value in values {
            let deviation = try value.subtracting(mean)
            squares = try squares.adding(deviation.multiplied(by: deviation))
        }
        return try squares.divided(by: ExactDecimal(values.count - 1)).squareRoot()
    }

    private func allOrAny(_ all: Bool, _ arguments: [Lowered], _ ranges: [SourceRange]) throws(FormulaError) -> Lowered {
        enum Part {
            case one(BoolCode)
            case many(BooleansCode)
        }
        var parts: [Part] = []
        for (index, argument) in arguments.enumerated() {
            switch argument.code {
            case .boolean(let code): parts.append(.one(code))
            case .booleans(let code): parts.append(.many(code))
            default:
                throw error(.type, "函数 \(all ? "ALL" : "ANY") 的第 \(index + 1) 个参数需要逻辑值，实际为\(argument.type.name)", ranges[index])
            }
        }
        // Plain booleans: a chain of closures (no per-element retain, see `scalarFold`); stops at the first
        // deciding value, like AND/OR.
        if parts.allSatisfy({ if case .one = $0 { true } else { false } }), case .one(var chain)? = parts.last {
            for part in parts.dropLast().reversed() {
                guard case .one(let code) = part else { break }
                let rest = chain
                chain =
                    all
                    ? { f throws(FormulaError) in try code(f) ? try rest(f) : false }
                    : { f throws(FormulaError) in try code(f) ? true : try rest(f) }
            }
            return Lowered(type: .boolean, code: .boolean(chain))
        }
        return Lowered(
            type: .boolean,
            code: .boolean { f throws(FormulaError) in
                for part in parts {
                    switch part {
                    case .one(let code): if try code(f) != all { return !all }
                    case .many(let code): if try code(f).contains(!all) { return !all }
                    }
                }
                return all
            })
    }

    private func conclude(_ arguments: [Lowered], _ ranges: [SourceRange]) throws(FormulaError) -> Lowered {
        let condition = try requireBoolean(arguments[0], ranges[0], "CONCLUDE")
        var labels: [String] = ["合格", "不合格"]
        for index in 1..<arguments.count {
            guard case .text(let label)? = arguments[index].constant else {
                throw error(.type, "CONCLUDE 的第 \(index + 1) 个参数应为文本常量，如 \"符合\"", ranges[index])
            }
            labels[index - 1] = label
        }
        let pass = labels[0], fail = labels[1]
        return Lowered(type: .text, code: .text { f throws(FormulaError) in try condition(f) ? pass : fail })
    }
}
