import Contracts
import FlowsDocumentsAPI
import GatewayAPISupport

/// `/v1/items/{id}/numbering*`: certificate and raw-record numbering (证书编号设置) of an item's types. The flows service
/// checks numbering.manage for rules, and who may take a number.
extension FlowsDocumentsRoutes {
    func listNumberingRules(_ input: Operations.ListNumberingRules.Input) async throws -> Operations.ListNumberingRules.Output {
        var message = Metrology_Flows_V1_ListNumberingRulesRequest()
        message.itemID = input.path.id
        let response = try await call(FlowsMethods.listNumberingRules, message)
        return .ok(.init(body: .json(.init(rules: response.rules.map(Components.Schemas.NumberingRule.init)))))
    }

    /// PUT: the body is the rule for its (typeCode, target) as a whole; the item's other rules stay as they are.
    /// Prefix and suffix may be left out (none); the date pattern, width and start may not.
    func setNumberingRule(_ input: Operations.SetNumberingRule.Input) async throws -> Operations.SetNumberingRule.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_SetNumberingRuleRequest()
        message.itemID = input.path.id
        message.typeCode = body.typeCode
        message.target = body.target.rawValue
        message.prefix = body.prefix ?? ""
        message.suffix = body.suffix ?? ""
        message.datePattern = body.datePattern.rawValue
        message.width = body.width
        message.start = body.start
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.setNumberingRule, message)))))
    }

    /// The next numbers without taking them. `type` names the rule, so it is required (QUERY_PARAMETER_MISSING);
    /// `target` is checked by the service, and `count` (1–20, clamped there) must at least be an integer.
    func previewNumbers(_ input: Operations.PreviewNumbers.Input) async throws -> Operations.PreviewNumbers.Output {
        var message = Metrology_Flows_V1_PreviewNumbersRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type
        message.target = input.query.target.rawValue
        message.count = input.query.count ?? 0
        let response = try await call(FlowsMethods.previewNumbers, message)
        return .ok(.init(body: .json(.init(numbers: response.numbers))))
    }

    /// 201: a number is taken for good. A client that retries sends the same `Idempotency-Key`, which travels as the
    /// RPC's message id, and gets the same number back instead of a second one.
    func issueNumber(_ input: Operations.IssueNumber.Input) async throws -> Operations.IssueNumber.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_IssueNumberRequest()
        message.itemID = input.path.id
        message.typeCode = body.typeCode
        message.target = body.target.rawValue
        message.reference = body.reference ?? ""
        return .created(.init(body: .json(.init(try await call(FlowsMethods.issueNumber, message)))))
    }
}
