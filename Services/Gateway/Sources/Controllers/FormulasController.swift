import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/formulas/evaluate`: the procedure editor's "try it" (试算). Changes nothing; a POST because the body carries
/// an expression, sample values and possibly a whole unsaved list of data items.
struct FormulasController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/formulas/evaluate", use: evaluate)
    }

    func evaluate(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: EvaluateFormulaBody.self)
        var message = Metrology_Flows_V1_EvaluateFormulaRequest()
        message.itemID = body.itemId ?? ""
        message.typeCode = body.typeCode ?? ""
        message.items = (body.items ?? []).map(\.message)
        message.expression = body.expression
        message.values = body.values ?? [:]
        let response = try await backend.call(FlowsMethods.evaluateFormula, message, options: options)
        return try jsonResponse(EvaluationDTO(response))
    }
}
