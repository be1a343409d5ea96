public import Contracts
public import FormulaEngine

/// Between a procedure's data items and the formula engine: the one mapping flows checks and publishes with and
/// records computes with, so a record is computed by exactly the `FormulaSet` its procedure version published.
public enum ProcedureFormulas {
    /// The item kinds whose value a formula gives.
    public static let formulaKinds: Set<String> = ["computed", "judgement", "conclusion"]

    /// The schema formulas are checked against: numbers and tables with their units, formula items as computed,
    /// every other kind (text, date, choice, photo) as text.
    /// - Parameter detached: computed items treated as plain (empty) inputs, so "try it" need not evaluate them.
    public static func schema(_ items: [Metrology_Flows_V1_DataItem], detached: Set<String> = []) -> FormulaSchema {
        var schema = FormulaSchema()
        for item in items {
            let unit = item.unit.isEmpty ? nil : item.unit
            let kind: FormulaSchema.Kind
            switch item.kind {
            case "number": kind = .number(unit: unit)
            case "table": kind = .table(points: Int(max(item.points, 1)), runs: Int(max(item.runs, 1)), unit: unit)
            case "computed": kind = detached.contains(item.code) ? .number(unit: unit) : .computed(unit: unit)
            case "judgement": kind = detached.contains(item.code) ? .boolean : .computed(unit: nil)
            case "conclusion": kind = detached.contains(item.code) ? .text : .computed(unit: nil)
            default: kind = .text
            }
            schema.add(item.code, kind, name: item.title)
        }
        return schema
    }

    /// Each formula item's formula by code (items without a formula, and detached ones, left out).
    public static func formulas(_ items: [Metrology_Flows_V1_DataItem], detached: Set<String> = []) -> [String: String] {
        var formulas: [String: String] = [:]
        for item in items where formulaKinds.contains(item.kind) && !item.formula.isEmpty && !detached.contains(item.code) {
            formulas[item.code] = item.formula
        }
        return formulas
    }

    /// The compiled set of a published procedure version's items.
    public static func formulaSet(_ items: [Metrology_Flows_V1_DataItem]) throws(FormulaError) -> FormulaSet {
        try FormulaSet(schema: schema(items), formulas: formulas(items))
    }
}
