/// The compiled form of a formula set: the frame layout, how inputs are stored, and one store step per formula in
/// dependency order.
///
/// `@unchecked Sendable`: built once by `FormulaCompiler` and never mutated; its closures capture only constants
/// (slot numbers, literal values, source ranges), so sharing it between threads is safe. Each evaluation gets its
/// own `EvalFrame`.
final class Program: @unchecked Sendable {
    struct Input {
        let code: String
        let type: ValueType
        let slot: Slot
    }

    struct Step {
        let code: String
        let type: ValueType
        /// Precomputed so reading results does not rebuild it per record.
        let unit: String?
        let slot: Slot
        let run: (EvalFrame) throws(FormulaError) -> Void
    }

    let layout: FrameLayout
    let inputs: [Input]
    let steps: [Step]
    /// Every formula code with a placeholder value: results are written into a copy by index, so a record's result
    /// dictionary costs one copy instead of hashing every code again.
    let outputTemplate: [String: FormulaValue]
    let outputIndices: [Dictionary<String, FormulaValue>.Index]
    /// The steps' closures alone: iterating `steps` would copy each struct (and retain its strings) per record. Wrapped
    /// in a concrete struct so the closures are stored as they are called (no reabstraction thunk per call).
    struct Run {
        let call: (EvalFrame) throws(FormulaError) -> Void
    }
    let runs: ContiguousArray<Run>

    init(layout: FrameLayout, inputs: [Input], steps: [Step]) {
        self.layout = layout
        self.inputs = inputs
        self.steps = steps
        var template: [String: FormulaValue] = Dictionary(minimumCapacity: steps.count)
        for step in steps { template[step.code] = .boolean(false) }
        self.outputTemplate = template
        self.outputIndices = steps.map { template.index(forKey: $0.code)! }
        self.runs = ContiguousArray(steps.map { Run(call: $0.run) })
    }
}

/// Checks and compiles every formula of a record layout against its schema.
struct FormulaCompiler {
    struct Result {
        var program: Program
        var types: [String: ValueType]
        /// Formula codes in evaluation order (only those that compiled).
        var order: [String]
        /// One error per failing formula, in schema order.
        var errors: [FormulaError]
    }

    static func compile(schema: FormulaSchema, formulas: [String: String], tracing: Bool) -> Result {
        var layout = FrameLayout()
        var symbols: [String: Symbol] = [:]
        var inputs: [Program.Input] = []
        var errors: [String: FormulaError] = [:]

        // Names resolve by code first, then by display name.
        var codeByName: [String: String] = [:]
        for item in schema.items { codeByName[item.code] = item.code }
        for item in schema.items { if let name = item.name, codeByName[name] == nil { codeByName[name] = item.code } }
        for code in formulas.keys where codeByName[code] == nil { codeByName[code] = code }

        // Inputs get their slots first.
        for item in schema.items {
            let type: ValueType
            let slot: Slot
            switch item.kind {
            case .computed:
                continue
            case .number(let unit):
                type = .number(UnitTag(unit))
                slot = layout.allocate(.number)
            case .text:
                type = .text
                slot = layout.allocate(.text)
            case .boolean:
                type = .boolean
                slot = layout.allocate(.boolean)
            case .table(let points, let runs, let unit):
                type = .numbers(UnitTag(unit))
                slot = layout.allocateTable(points: max(points, 0), runs: max(runs, 0))
            }
            inputs.append(Program.Input(code: item.code, type: type, slot: slot))
            if formulas[item.code] != nil {
                errors[item.code] = FormulaError(.type, "“\(item.code)”是录入项，不能设置公式", formula: item.code)
            }
        }
        func register(_ code: String, _ symbol: Symbol) {
            for (name, target) in codeByName where target == code { symbols[name] = symbol }
        }
        for input in inputs { register(input.code, Symbol(code: input.code, type: input.type, slot: input.slot)) }

        // Formula items: the schema's computed items in order, then formulas the schema does not declare.
        var formulaCodes: [String] = []
        var declaredUnits: [String: UnitTag] = [:]
        for item in schema.items {
            guard case .computed(let unit) = item.kind else { continue }
            formulaCodes.append(item.code)
            if unit != nil { declaredUnits[item.code] = UnitTag(unit) }
            if formulas[item.code] == nil {
                errors[item.code] = FormulaError(.syntax, "数据项“\(item.code)”是计算项，但没有公式", formula: item.code)
            }
        }
        for code in formulas.keys.sorted() where schema.item(code) == nil { formulaCodes.append(code) }
        let formulaSet = Set(formulaCodes.filter { formulas[$0] != nil && errors[$0] == nil })

        // Parse, and collect references between formulas.
        var parsed: [String: Expr] = [:]
        var graph = DependencyGraph()
        for code in formulaCodes where formulaSet.contains(code) {
            do throws(FormulaError) {
                let expr = try Parser.parse(formulas[code]!)
                parsed[code] = expr
                var references: [(name: String, range: SourceRange)] = []
                expr.references(into: &references)
                var edges: [(target: String, range: SourceRange)] = []
                for reference in references {
                    if let target = codeByName[reference.name], formulaSet.contains(target), !edges.contains(where: { $0.target == target }) {
                        edges.append((target, reference.range))
                    }
                }
                graph.edges[code] = edges
            } catch {
                errors[code] = error.located(nil, formula: code)
            }
        }
        let (order, cycles) = graph.order(formulaCodes.filter { parsed[$0] != nil })
        for cycle in cycles {
            let first = cycle.path[0]
            errors[first] = FormulaError(.cycle, "公式存在循环引用：" + cycle.path.joined(separator: " → "), formula: first, range: cycle.range)
        }

        // Lower in dependency order; a formula whose dependency failed is skipped without an error of its own.
        var types: [String: ValueType] = [:]
        var steps: [Program.Step] = []
        var compiled: [String] = []
        for code in order {
            guard let expr = parsed[code],
                (graph.edges[code] ?? []).allSatisfy({ types[$0.target] != nil })
            else { continue }
            let source = Array(formulas[code]!.utf16)
            let lowerer = Lowerer(formula: code, source: source, symbols: symbols, tracing: tracing)
            do throws(FormulaError) {
                let lowered = try lowerer.lower(expr)
                var type = lowered.type
                if type.unit == .flexible { type.unit = .pure }
                if let declared = declaredUnits[code] {
                    guard type.isNumeric else {
                        throw FormulaError(.type, "数据项声明了单位 \(declared.shown)，但公式的结果是\(type.name)", formula: code, range: expr.range)
                    }
                    guard UnitTag.assignable(lowered.type.unit, to: declared) else {
                        throw FormulaError(
                            .unitMismatch, "公式结果的单位为 \(type.unit.shown)，与数据项声明的单位 \(declared.shown) 不符", formula: code, range: expr.range)
                    }
                    type.unit = declared
                }
                let slot = layout.allocate(type.base)
                steps.append(Program.Step(code: code, type: type, unit: type.unit.display, slot: slot, run: store(lowered.code, slot)))
                types[code] = type
                compiled.append(code)
                register(code, Symbol(code: code, type: type, slot: slot))
            } catch {
                errors[code] = error.located(nil, formula: code)
            }
        }
        let orderedErrors =
            formulaCodes.compactMap { errors[$0] }
            + schema.items.filter { if case .computed = $0.kind { return false } else { return true } }.compactMap { errors[$0.code] }
        let program = Program(layout: layout, inputs: inputs, steps: steps)
        return Result(program: program, types: types, order: compiled, errors: orderedErrors)
    }

    /// The step that evaluates a formula and stores its value in its slot.
    private static func store(_ code: Code, _ slot: Slot) -> (EvalFrame) throws(FormulaError) -> Void {
        switch (code, slot) {
        case (.number(let run), .number(let i)):
            return { f throws(FormulaError) in
                f.numbers[i] = try run(f)
                f.hasNumber[i] = true
            }
        case (.boolean(let run), .boolean(let i)):
            return { f throws(FormulaError) in f.booleans[i] = try run(f) ? 1 : 0 }
        case (.text(let run), .text(let i)):
            return { f throws(FormulaError) in f.texts[i] = try run(f) }
        case (.numbers(let run), .numbers(let i)):
            return { f throws(FormulaError) in f.numberLists[i] = try run(f) }
        case (.booleans(let run), .booleans(let i)):
            return { f throws(FormulaError) in f.booleanLists[i] = try run(f) }
        default:
            preconditionFailure("slot kind does not match the code kind")
        }
    }
}
