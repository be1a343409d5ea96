import Contracts
import FlowsAPI
import Messaging

/// Retire (停用) and reactivate an item or one of its test types; the body `{ "reason": … }` may be left out. A type
/// is named by `?type=<category>:<subtype>`, as the procedure, template and numbering routes name it.
extension FlowsRoutes {
    func retireItem(_ input: Operations.RetireItem.Input) async throws -> Operations.RetireItem.Output {
        .ok(.init(body: .json(try await setItemRetired(input.path.id, true, reason: Self.reason(input.body)))))
    }

    func reactivateItem(_ input: Operations.ReactivateItem.Input) async throws -> Operations.ReactivateItem.Output {
        .ok(.init(body: .json(try await setItemRetired(input.path.id, false, reason: Self.reason(input.body)))))
    }

    func retireTestType(_ input: Operations.RetireTestType.Input) async throws -> Operations.RetireTestType.Output {
        .ok(.init(body: .json(try await setTypeRetired(input.path.id, input.query._type, true, reason: Self.reason(input.body)))))
    }

    func reactivateTestType(_ input: Operations.ReactivateTestType.Input) async throws -> Operations.ReactivateTestType.Output {
        .ok(.init(body: .json(try await setTypeRetired(input.path.id, input.query._type, false, reason: Self.reason(input.body)))))
    }

    private func setItemRetired(_ itemID: String, _ retired: Bool, reason: String) async throws -> Components.Schemas.Item {
        var message = Metrology_Flows_V1_SetItemRetiredRequest()
        message.itemID = itemID
        message.retired = retired
        message.reason = reason
        return .init(try await call(FlowsMethods.setItemRetired, message))
    }

    private func setTypeRetired(_ itemID: String, _ typeCode: String, _ retired: Bool, reason: String) async throws -> Components.Schemas.Item {
        var message = Metrology_Flows_V1_SetTestTypeRetiredRequest()
        message.itemID = itemID
        message.typeCode = typeCode
        message.retired = retired
        message.reason = reason
        return .init(try await call(FlowsMethods.setTestTypeRetired, message))
    }

    private static func reason(_ body: Components.RequestBodies.Reason?) -> String {
        body.flatMap {
            switch $0 {
            case .json(let body): body.reason
            }
        } ?? ""
    }
}
