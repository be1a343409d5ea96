import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/items/{id}/numbering*`: certificate and raw-record numbering (证书编号设置) of an item's types. The flows service
/// checks numbering.manage for rules, and who may take a number.
struct NumberingController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/items/:id/numbering", use: list)
        router.put("/v1/items/:id/numbering", use: setRule)
        router.get("/v1/items/:id/numbering/preview", use: preview)
        router.post("/v1/items/:id/numbering/issue", use: issue)
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_ListNumberingRulesRequest()
        message.itemID = try context.parameters.require("id")
        let response = try await backend.call(FlowsMethods.listNumberingRules, message, options: options)
        return try jsonResponse(NumberingRuleListDTO(rules: response.rules.map(NumberingRuleDTO.init)))
    }

    /// PUT: the body is the rule for its (typeCode, target) as a whole; the item's other rules stay as they are.
    func setRule(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: SetNumberingRuleBody.self)
        var message = Metrology_Flows_V1_SetNumberingRuleRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = body.typeCode
        message.target = body.target
        message.prefix = body.prefix ?? ""
        message.suffix = body.suffix ?? ""
        message.datePattern = body.datePattern
        message.width = body.width
        message.start = body.start
        let rule = try await backend.call(FlowsMethods.setNumberingRule, message, options: options)
        return try jsonResponse(NumberingRuleDTO(rule))
    }

    /// The next numbers without taking them. `type` names the rule, so it is required; `target` is checked by the
    /// service, and `count` (1–20, clamped there) must at least be an integer.
    func preview(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_PreviewNumbersRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = try request.requiredQueryString("type")
        message.target = request.queryString("target") ?? ""
        message.count = try request.queryInteger("count") ?? 0
        let response = try await backend.call(FlowsMethods.previewNumbers, message, options: options)
        return try jsonResponse(NumberPreviewDTO(numbers: response.numbers))
    }

    /// 201: a number is taken for good. A client that retries sends the same `Idempotency-Key`, which travels as the
    /// RPC's message id, and gets the same number back instead of a second one.
    func issue(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: IssueNumberBody.self)
        var message = Metrology_Flows_V1_IssueNumberRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = body.typeCode
        message.target = body.target
        message.reference = body.reference ?? ""
        let issued = try await backend.call(FlowsMethods.issueNumber, message, options: options)
        return try jsonResponse(IssuedNumberDTO(issued), status: .created)
    }
}
