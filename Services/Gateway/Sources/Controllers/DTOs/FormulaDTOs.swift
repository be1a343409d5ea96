import Contracts
import Foundation

// "Try it" (试算): one expression evaluated with sample values. Values are text both ways — decimals must keep their
// digits ("2.50" is not 2.5 to a rounding rule), so a JSON number in `values` is a 400.

/// Against an item's draft (`itemId` + `typeCode`) or an ad-hoc list of data items (`items`, which wins when both
/// are sent): the editor tries a formula before the draft is saved.
struct EvaluateFormulaBody: Codable, Sendable {
    var itemId: String?
    var typeCode: String?
    var items: [DataItemDTO]?
    var expression: String
    /// code → decimal or text; table cells as "code[point,run]".
    var values: [String: String]?
}

struct EvaluationStepDTO: Codable, Sendable {
    var expression: String
    var value: String
    var unit: String

    init(_ step: Metrology_Flows_V1_EvaluationStep) {
        expression = step.expression
        value = step.value
        unit = step.unit
    }
}

/// A formula that does not evaluate is an answer (ok: false with the error and its position), not a 400: the editor
/// shows it next to the expression.
struct EvaluationDTO: Codable, Sendable {
    var ok: Bool
    var value: String
    var unit: String
    /// text | number | boolean | list
    var type: String
    var steps: [EvaluationStepDTO]
    var error: ValidationIssueDTO?

    init(_ response: Metrology_Flows_V1_EvaluateFormulaResponse) {
        ok = response.ok
        value = response.value
        unit = response.unit
        type = response.type
        steps = response.steps.map(EvaluationStepDTO.init)
        error = response.hasError ? ValidationIssueDTO(response.error) : nil
    }
}
