/// All formulas of one record layout, checked and compiled together against the layout's schema.
///
/// Compile once when a test procedure is saved (or loaded), then evaluate once per record; a `FormulaSet` is
/// immutable and can be shared between threads.
///
///     let set = try FormulaSet(schema: schema, formulas: ["E": "(V - Vs) / Vs * 100", "ok": "ABSWITHIN(E, 0.30, \"rounded\")"])
///     let values = try set.evaluate(inputs: ["V": .decimal("20.05", unit: "L"), "Vs": .decimal("20.00", unit: "L")])
public struct FormulaSet: Sendable {
    public let schema: FormulaSchema
    public let formulas: [String: String]
    /// Computed items in the order they are evaluated (each after the items it refers to).
    public let order: [String]
    let program: Program
    let types: [String: ValueType]

    /// Compiles every formula; throws the first error (in schema order). Use ``check(schema:formulas:)`` to get all.
    public init(schema: FormulaSchema, formulas: [String: String]) throws(FormulaError) {
        let result = FormulaCompiler.compile(schema: schema, formulas: formulas, tracing: false)
        if let first = result.errors.first { throw first }
        self.schema = schema
        self.formulas = formulas
        self.order = result.order
        self.program = result.program
        self.types = result.types
    }

    /// Every error of every formula (at most one per formula, the first found in it), in schema order; empty when
    /// the set compiles. This is what saving a test procedure reports.
    public static func check(schema: FormulaSchema, formulas: [String: String]) -> [FormulaError] {
        FormulaCompiler.compile(schema: schema, formulas: formulas, tracing: false).errors
    }

    /// The inferred type (and unit) of a computed item.
    public func type(of code: String) -> FormulaType? { types[code]?.publicType }

    /// Evaluates every formula in dependency order; throws the first error (e.g. `FORMULA_MISSING_VALUE` when an
    /// input a formula needs is absent). Inputs are keyed by item code; tables as `.table`.
    public func evaluate(inputs: [String: FormulaValue]) throws(FormulaError) -> [String: FormulaValue] {
        let frame = EvalFrame(program.layout)
        try Self.bind(inputs, program, frame)
        try program.runs.withUnsafeBufferPointer { (runs) throws(FormulaError) in
            for run in runs { try run.call(frame) }
        }
        return Self.outputs(program, frame)
    }

    /// Like ``evaluate(inputs:)``; with `trace` also returns every intermediate step ("try it").
    public func evaluate(inputs: [String: FormulaValue], trace: Bool) throws(FormulaError) -> FormulaEvaluation {
        guard trace else { return FormulaEvaluation(values: try evaluate(inputs: inputs), steps: []) }
        // Tracing wraps every node; compiling a traced copy keeps the normal closures free of that cost.
        let traced = FormulaCompiler.compile(schema: schema, formulas: formulas, tracing: true).program
        let frame = EvalFrame(traced.layout)
        try Self.bind(inputs, traced, frame)
        for step in traced.steps { try step.run(frame) }
        return FormulaEvaluation(values: Self.outputs(traced, frame), steps: frame.steps)
    }

    /// For records being filled in: evaluates what can be evaluated. A formula that fails (most often
    /// `FORMULA_MISSING_VALUE`) has no value, and formulas that use it fail in turn.
    public func evaluateAvailable(inputs: [String: FormulaValue]) -> (values: [String: FormulaValue], errors: [String: FormulaError]) {
        let frame = EvalFrame(program.layout)
        var errors: [String: FormulaError] = [:]
        do throws(FormulaError) {
            try Self.bind(inputs, program, frame)
        } catch {
            errors[error.formula ?? ""] = error
        }
        for step in program.steps {
            do throws(FormulaError) {
                try step.run(frame)
            } catch {
                errors[step.code] = error
            }
        }
        return (Self.outputs(program, frame), errors)
    }

    static func bind(_ inputs: [String: FormulaValue], _ program: Program, _ frame: EvalFrame) throws(FormulaError) {
        for input in program.inputs {
            guard let value = inputs[input.code] else { continue }
            func wrong() -> FormulaError {
                let expected: String
                if case .table(_, let points, let runs) = input.slot { expected = "表格（\(points)×\(runs)）" } else { expected = input.type.name }
                return FormulaError(.type, "输入值“\(input.code)”类型不符：应为\(expected)，实际为“\(value)”", formula: input.code)
            }
            func checkUnit(_ unit: String?) throws(FormulaError) {
                guard let unit, UnitTag(unit) != input.type.unit else { return }
                throw FormulaError(.unitMismatch, "输入值“\(input.code)”的单位 \(unit) 与数据项的单位 \(input.type.unit.shown) 不符", formula: input.code)
            }
            switch (input.slot, value) {
            case (.number(let i), .number(let number, let unit)):
                try checkUnit(unit)
                frame.numbers[i] = number
                frame.hasNumber[i] = true
            case (.text(let i), .text(let text)):
                frame.texts[i] = text
            case (.boolean(let i), .boolean(let flag)):
                frame.booleans[i] = flag ? 1 : 0
            case (.table(let base, let points, let runs), .table(let table)):
                guard table.points <= points, table.runs <= runs else {
                    throw FormulaError(.type, "输入值“\(input.code)”为 \(table.points)×\(table.runs) 的表格，超出数据项声明的 \(points)×\(runs)", formula: input.code)
                }
                for p in 0..<table.points {
                    for r in 0..<table.runs {
                        if let cell = table.cells[p * table.runs + r] {
                            frame.numbers[base + p * runs + r] = cell
                            frame.hasNumber[base + p * runs + r] = true
                        }
                    }
                }
            default:
                throw wrong()
            }
        }
    }

    static func outputs(_ program: Program, _ frame: EvalFrame) -> [String: FormulaValue] {
        var values = program.outputTemplate
        var missing: [String] = []
        program.steps.withUnsafeBufferPointer { steps in
            program.outputIndices.withUnsafeBufferPointer { indices in
                for index in steps.indices {
                    if let value = read(steps[index].slot, steps[index].unit, frame) {
                        values.values[indices[index]] = value
                    } else {
                        missing.append(steps[index].code)
                    }
                }
            }
        }
        for code in missing { values[code] = nil }
        return values
    }

    static func read(_ slot: Slot, _ unit: String?, _ frame: EvalFrame) -> FormulaValue? {
        switch slot {
        case .number(let i): return frame.hasNumber[i] ? .number(frame.numbers[i], unit: unit) : nil
        case .boolean(let i): return frame.booleans[i] == 2 ? nil : .boolean(frame.booleans[i] == 1)
        case .text(let i): return frame.texts[i].map { .text($0) }
        case .numbers(let i): return frame.numberLists[i].map { .numbers($0, unit: unit) }
        case .booleans(let i): return frame.booleanLists[i].map { .booleans($0) }
        case .table: return nil
        }
    }
}
