@testable import FormulaEngine

/// Decimal from a literal (tests only).
func d(_ text: String) -> ExactDecimal { ExactDecimal(text)! }

/// Evaluates a single expression against a schema and inputs.
func value(_ source: String, _ schema: FormulaSchema = FormulaSchema(), _ inputs: [String: FormulaValue] = [:]) throws(FormulaError) -> FormulaValue {
    try Formula(source, schema: schema).evaluate(inputs: inputs)
}

/// The error that compiling `source` (as item "f") reports, if any.
func compileError(_ source: String, _ schema: FormulaSchema = FormulaSchema(), others: [String: String] = [:]) -> FormulaError? {
    var formulas = others
    formulas["f"] = source
    return FormulaSet.check(schema: schema, formulas: formulas).first { $0.formula == "f" }
}
