import Contracts
import FlowsAPI
import GatewayAPISupport
import Messaging

/// `/v1/formulas/evaluate`: the procedure editor's "try it" (试算). Changes nothing; a POST because the body carries an
/// expression, sample values and possibly a whole unsaved list of data items. Values are text both ways — decimals
/// keep their digits ("2.50" is not 2.5 to a rounding rule), so a JSON number in `values` is a 400 INVALID_JSON.
extension FlowsRoutes {
    /// Against an item's draft (`itemId` + `typeCode`) or an ad-hoc list of data items (`items`, which wins when both
    /// are sent). A formula that does not evaluate is an answer (ok: false with the error and its position), not a 400:
    /// the editor shows it next to the expression.
    func evaluateFormula(_ input: Operations.EvaluateFormula.Input) async throws -> Operations.EvaluateFormula.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_EvaluateFormulaRequest()
        message.itemID = body.itemId ?? ""
        message.typeCode = body.typeCode ?? ""
        message.items = (body.items ?? []).map(\.message)
        message.expression = body.expression
        message.values = body.values?.additionalProperties ?? [:]
        let response = try await call(FlowsMethods.evaluateFormula, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        ok: response.ok, value: response.value, unit: response.unit, _type: .init(response.type),
                        steps: response.steps.map { .init(expression: $0.expression, value: $0.value, unit: $0.unit) },
                        error: response.hasError ? .init(value1: .init(response.error)) : nil))))
    }
}
