import Contracts
import FormulaEngine
import ProcedureKit

/// Computes a record (pure): the procedure's FormulaSet over the current values, re-opened ones included — they are
/// still the record's values until entered again, and going back must show at once what the new value gives
/// (the issue: "re-opens the steps after it and recomputes them"). Submission waits for them to be confirmed
/// (`EntryStep.complete` is false while any is re-opened).
enum EntryComputation {
    struct Result: Sendable, Equatable {
        /// Every formula item that has a value now, in procedure order.
        var computed: [Metrology_Records_V1_ComputedValue]
        /// The conclusion item's value, "" until it can be computed.
        var conclusion: String
    }

    static func evaluate(_ procedure: PinnedProcedure, sheet: EntrySheet) -> Result {
        let outputs = procedure.formulas.evaluateAvailable(inputs: inputs(procedure, sheet: sheet)).values
        var result = Result(computed: [], conclusion: "")
        for item in procedure.items where ProcedureFormulas.formulaKinds.contains(item.kind) {
            guard let value = outputs[item.code] else { continue }
            var computed = Metrology_Records_V1_ComputedValue()
            computed.cell = EntryCell(item.code).message
            computed.kind = item.kind
            (computed.value, computed.type) = text(value)
            computed.unit = value.unit ?? ""
            result.computed.append(computed)
            if item.kind == "conclusion" && result.conclusion.isEmpty { result.conclusion = computed.value }
        }
        return result
    }

    /// The stored values as formula inputs: numbers with the item's unit, tables cell by cell, the rest as text.
    static func inputs(_ procedure: PinnedProcedure, sheet: EntrySheet) -> [String: FormulaValue] {
        var inputs: [String: FormulaValue] = [:]
        var tables: [String: FormulaTable] = [:]
        for (cell, stored) in sheet.values {
            guard let item = procedure.itemsByCode[cell.itemCode] else { continue }
            switch item.kind {
            case "number":
                guard let number = ExactDecimal(stored.value) else { continue }
                inputs[cell.itemCode] = .number(number, unit: item.unit.isEmpty ? nil : item.unit)
            case "table":
                let points = Int(max(item.points, 1))
                let runs = Int(max(item.runs, 1))
                guard let number = ExactDecimal(stored.value), (1...points).contains(Int(cell.point)), (1...runs).contains(Int(cell.run)) else {
                    continue
                }
                var table = tables[cell.itemCode] ?? FormulaTable(points: points, runs: runs)
                table.cells[(Int(cell.point) - 1) * runs + Int(cell.run) - 1] = number
                tables[cell.itemCode] = table
            default:
                inputs[cell.itemCode] = .text(stored.value)
            }
        }
        for (code, table) in tables { inputs[code] = .table(table) }
        return inputs
    }

    /// A computed value as stored and sent: numbers as decimal text (the unit apart), booleans "true"/"false", lists
    /// as "[a, b]"; and its type (number | boolean | text | list).
    static func text(_ value: FormulaValue) -> (String, String) {
        switch value {
        case .number(let number, _): (number.description, "number")
        case .boolean(let flag): (flag ? "true" : "false", "boolean")
        case .text(let text): (text, "text")
        case .numbers(let numbers, _): ("[" + numbers.map(\.description).joined(separator: ", ") + "]", "list")
        case .booleans(let flags): ("[" + flags.map { $0 ? "true" : "false" }.joined(separator: ", ") + "]", "list")
        case .table(let table): ("\(table.points)×\(table.runs)", "list")
        }
    }
}
