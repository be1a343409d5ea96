/// A single expression checked against a schema: the "try it" path (`POST /v1/formulas/evaluate`) and a way to
/// check one formula while it is being typed.
public struct Formula: Sendable {
    /// The internal item code of the expression; cannot clash with a data item (`$` is not valid in names).
    static let trialCode = "$"

    public let source: String
    /// What the expression computes.
    public let type: FormulaType
    let set: FormulaSet

    /// Compiles `source` against `schema`; `formulas` are the layout's other formulas, which the expression may
    /// refer to. Errors about the expression have `formula` nil.
    public init(_ source: String, schema: FormulaSchema, formulas: [String: String] = [:]) throws(FormulaError) {
        var all = formulas
        all[Self.trialCode] = source
        do throws(FormulaError) {
            set = try FormulaSet(schema: schema, formulas: all)
        } catch {
            throw Self.detached(error)
        }
        self.source = source
        self.type = set.type(of: Self.trialCode)!
    }

    /// The expression's value for the given inputs.
    public func evaluate(inputs: [String: FormulaValue]) throws(FormulaError) -> FormulaValue {
        do throws(FormulaError) {
            guard let value = try set.evaluate(inputs: inputs)[Self.trialCode] else {
                throw FormulaError(.missingValue, "表达式没有得到值")
            }
            return value
        } catch {
            throw Self.detached(error)
        }
    }

    /// The value and every intermediate step (steps of referenced formulas included, each with its item code).
    public func trial(inputs: [String: FormulaValue]) throws(FormulaError) -> FormulaTrial {
        do throws(FormulaError) {
            let evaluation = try set.evaluate(inputs: inputs, trace: true)
            guard let value = evaluation.values[Self.trialCode] else { throw FormulaError(.missingValue, "表达式没有得到值") }
            let steps = evaluation.steps.map { step in
                step.formula == Self.trialCode
                    ? FormulaStep(formula: nil, expression: step.expression, range: step.range, value: step.value) : step
            }
            return FormulaTrial(value: value, type: type, steps: steps)
        } catch {
            throw Self.detached(error)
        }
    }

    /// Checks and evaluates `source` with sample values, showing each step ("试算").
    public static func evaluate(
        _ source: String, schema: FormulaSchema, formulas: [String: String] = [:],
        sample: [String: FormulaValue]
    ) throws(FormulaError) -> FormulaTrial {
        try Formula(source, schema: schema, formulas: formulas).trial(inputs: sample)
    }

    /// Errors about the expression itself carry no item code.
    private static func detached(_ error: FormulaError) -> FormulaError {
        var copy = error
        if copy.formula == trialCode { copy.formula = nil }
        return copy
    }
}

/// The outcome of a "try it" evaluation.
public struct FormulaTrial: Sendable {
    public let value: FormulaValue
    public let type: FormulaType
    /// Each sub-expression as written, with its value and unit, in evaluation order.
    public let steps: [FormulaStep]
}
