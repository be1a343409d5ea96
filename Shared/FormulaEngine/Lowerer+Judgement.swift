/// GB/T 8170 rounding (ROUND, ROUNDSIG) and limit judgements (WITHIN, ABSWITHIN, ATMOST, ATLEAST), with the
/// "never round twice" rule (§3.4) checked statically.
extension Lowerer {
    func refuseSecondRounding(_ argument: Lowered, _ range: SourceRange, _ what: String) throws(FormulaError) {
        if let rounding = argument.type.rounding {
            throw error(.roundedTwice, "不允许连续修约（GB/T 8170 3.4）：“\(text(range))”\(rounding.description)，\(what)", range)
        }
    }

    func round(_ arguments: [Lowered], _ ranges: [SourceRange], _ range: SourceRange) throws(FormulaError) -> Lowered {
        let x = try requireNumber(arguments[0], ranges[0], "ROUND")
        try refuseSecondRounding(arguments[0], ranges[0], "应从原始数值一次修约到所需间隔")
        let intervalCode = try requireNumber(arguments[1], ranges[1], "ROUND 的修约间隔")
        let unit = arguments[0].type.unit == .flexible ? UnitTag.pure : arguments[0].type.unit
        let formula = self.formula
        if let interval = arguments[1].constantNumber {
            guard let kind = ExactDecimal.RoundingInterval(interval) else {
                throw ExactDecimal.invalidInterval(interval).located(ranges[1], formula: formula)
            }
            let type = ValueType.number(unit, rounding: .interval(interval))
            if let value = arguments[0].constantNumber {
                return Lowered(type: type, code: .number { _ in value.rounded(to: kind) }, constant: .number(value.rounded(to: kind)))
            }
            return Lowered(type: type, code: .number { f throws(FormulaError) in try x(f).rounded(to: kind) })
        }
        return Lowered(
            type: .number(unit, rounding: .interval(nil)),
            code: .number { f throws(FormulaError) in
                let value = try x(f)
                let interval = try intervalCode(f)
                return try Self.located(ranges[1], formula) { () throws(FormulaError) in try value.rounded(toInterval: interval) }
            })
    }

    func roundSignificant(_ arguments: [Lowered], _ ranges: [SourceRange], _ range: SourceRange) throws(FormulaError) -> Lowered {
        let x = try requireNumber(arguments[0], ranges[0], "ROUNDSIG")
        try refuseSecondRounding(arguments[0], ranges[0], "应从原始数值一次修约到所需有效位数")
        let digitsCode = try requireNumber(arguments[1], ranges[1], "ROUNDSIG 的有效位数")
        let unit = arguments[0].type.unit == .flexible ? UnitTag.pure : arguments[0].type.unit
        let formula = self.formula
        func digits(_ value: ExactDecimal) throws(FormulaError) -> Int {
            guard let n = value.integerValue, n >= 1, n <= ExactDecimal.maximumDigits else {
                throw FormulaError(.domain, "有效位数应为 1 到 38 之间的整数，实际为 \(value)", formula: formula, range: ranges[1])
            }
            return n
        }
        if let constant = arguments[1].constantNumber {
            let n = try digits(constant)
            return Lowered(
                type: .number(unit, rounding: .significant(n)),
                code: .number { f throws(FormulaError) in
                    let value = try x(f)
                    return try Self.located(range, formula) { () throws(FormulaError) in try value.rounded(significantDigits: n) }
                })
        }
        return Lowered(
            type: .number(unit, rounding: .significant(nil)),
            code: .number { f throws(FormulaError) in
                let value = try x(f)
                let n = try digits(try digitsCode(f))
                return try Self.located(range, formula) { () throws(FormulaError) in try value.rounded(significantDigits: n) }
            })
    }

    /// WITHIN(x, low, high[, method[, interval]]), ABSWITHIN(x, mpe[, …]), ATMOST(x, limit[, …]), ATLEAST(x, limit[, …]).
    /// `x` may be a number (→ boolean) or a list such as `readings[*,*]` (→ one boolean per value).
    func judgement(_ name: String, _ arguments: [Lowered], _ ranges: [SourceRange], _ range: SourceRange) throws(FormulaError) -> Lowered {
        let limitCount = name == "WITHIN" ? 2 : 1
        let subject = arguments[0]
        guard subject.type.isNumeric else {
            throw error(.type, "函数 \(name) 的第 1 个参数需要数值或表格切片，实际为\(subject.type.name)", ranges[0])
        }
        // Separate lets, not an array: closures kept in an array are called through a reabstraction thunk.
        let first = try requireNumber(arguments[1], ranges[1], "函数 \(name) 的第 2 个参数（限值）")
        let second = limitCount == 2 ? try requireNumber(arguments[2], ranges[2], "函数 \(name) 的第 3 个参数（限值）") : first
        for index in 1...limitCount {
            guard UnitTag.sum(subject.type.unit, arguments[index].type.unit) != nil else {
                throw error(.unitMismatch, "单位不一致：\(subject.type.unit.shown) 与限值的 \(arguments[index].type.unit.shown) 不能比较", ranges[index])
            }
        }
        let methodIndex = limitCount + 1
        var method = LimitComparisonMethod.full
        if arguments.count > methodIndex {
            guard case .text(let word)? = arguments[methodIndex].constant, let parsed = LimitComparisonMethod(name: word) else {
                throw error(.type, "比较方法应为 \"full\"（全数值比较法）或 \"rounded\"（修约值比较法）", ranges[methodIndex])
            }
            method = parsed
        }
        let formula = self.formula
        // How the value is prepared: as is (full), or rounded once (rounded).
        var prepare: ((ExactDecimal, EvalFrame) throws(FormulaError) -> ExactDecimal)? = nil
        if method == .rounded {
            let intervalIndex = methodIndex + 1
            var constantInterval: ExactDecimal? = nil
            if arguments.count > intervalIndex {
                let intervalCode = try requireNumber(arguments[intervalIndex], ranges[intervalIndex], "修约间隔")
                if let interval = arguments[intervalIndex].constantNumber {
                    constantInterval = interval
                } else {
                    let intervalRange = ranges[intervalIndex]
                    prepare = { value, f throws(FormulaError) in
                        let interval = try intervalCode(f)
                        return try Self.located(intervalRange, formula) { () throws(FormulaError) in try value.rounded(toInterval: interval) }
                    }
                }
            } else {
                // GB/T 8170 §4.3.3: round to the digit of the limit as written (0.30 → 0.01).
                var finest: ExactDecimal? = nil
                for index in 1...limitCount {
                    guard let limit = arguments[index].constantNumber else {
                        throw error(.arity, "限值不是常数，修约值比较法需要给出修约间隔（第 \(intervalIndex + 1) 个参数），如 0.1", range)
                    }
                    let interval = limit.intervalOfLastDigit
                    if finest.map({ interval < $0 }) ?? true { finest = interval }
                }
                constantInterval = finest
            }
            if let interval = constantInterval {
                guard let kind = ExactDecimal.RoundingInterval(interval) else {
                    throw ExactDecimal.invalidInterval(interval).located(ranges[min(intervalIndex, ranges.count - 1)], formula: formula)
                }
                if case .interval(let done)? = subject.type.rounding, done == interval {
                    prepare = nil  // already rounded to exactly this interval: comparing it is the rounded method
                } else {
                    try refuseSecondRounding(subject, ranges[0], "修约值比较法会再次修约；请对未修约的数值判定，或改用 \"full\"")
                    prepare = { value, _ in value.rounded(to: kind) }
                }
            } else {
                try refuseSecondRounding(subject, ranges[0], "修约值比较法会再次修约；请对未修约的数值判定，或改用 \"full\"")
            }
        }
        let test: (ExactDecimal, EvalFrame) throws(FormulaError) -> Bool
        switch name {
        case "WITHIN":
            test = { v, f throws(FormulaError) in
                let low = try first(f), high = try second(f)
                return v >= low && v <= high
            }
        case "ABSWITHIN":
            test = { v, f throws(FormulaError) in v.magnitude <= (try first(f)) }
        case "ATMOST":
            test = { v, f throws(FormulaError) in v <= (try first(f)) }
        default:
            test = { v, f throws(FormulaError) in v >= (try first(f)) }
        }
        switch subject.code {
        case .number(let x):
            if let prepare {
                return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in try test(try prepare(try x(f), f), f) })
            }
            return Lowered(type: .boolean, code: .boolean { f throws(FormulaError) in try test(try x(f), f) })
        default:
            let source = subject.numberSource!
            return Lowered(
                type: .booleans,
                code: .booleans { f throws(FormulaError) in
                    var results: [Bool] = []
                    try [source].forEachNumber(f) { x throws(FormulaError) in
                        var value = x
                        if let prepare { value = try prepare(x, f) }
                        results.append(try test(value, f))
                    }
                    return results
                })
        }
    }
}
