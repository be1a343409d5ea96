import Contracts
import FlowsAPI
import GatewayAPISupport
import Messaging

/// `/v1/items*`: test items (检测项目), their legal basis and test types, and whether one may be used on a day.
extension FlowsRoutes {
    /// Paged with page/pageSize, otherwise every match; the envelope echoes what the service applied (the number of
    /// matches as `pageSize` when unpaged), so it is not `Page`'s normalised echo.
    func listItems(_ input: Operations.ListItems.Input) async throws -> Operations.ListItems.Output {
        var message = Metrology_Flows_V1_ListItemsRequest()
        message.query = input.query.query ?? ""
        message.usableOnly = input.query.usableOnly.map { $0 == ._true || $0 == ._1 } ?? false
        message.status = input.query.status?.rawValue ?? ""
        let page = Page(page: input.query.page, pageSize: input.query.pageSize)
        message.page = page.page
        message.pageSize = page.pageSize
        let response = try await call(FlowsMethods.listItems, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: response.items.map(Components.Schemas.Item.init), total: response.total, page: response.page,
                        pageSize: response.pageSize))))
    }

    /// An item may be created before its basis is recorded; it is not usable until then.
    func createItem(_ input: Operations.CreateItem.Input) async throws -> Operations.CreateItem.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_CreateItemRequest()
        message.code = body.code
        message.name = body.name
        message.bases = (body.bases ?? []).map(\.message)
        return .created(.init(body: .json(.init(try await call(FlowsMethods.createItem, message)))))
    }

    func getItem(_ input: Operations.GetItem.Input) async throws -> Operations.GetItem.Output {
        var message = Metrology_Flows_V1_GetItemRequest()
        message.itemID = input.path.id
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.getItem, message)))))
    }

    /// Sets only the fields the body has: `name` through proto3 `optional`, `bases` through replace_bases (a repeated
    /// field cannot say "absent"; an empty list removes every basis).
    func updateItem(_ input: Operations.UpdateItem.Input) async throws -> Operations.UpdateItem.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_UpdateItemRequest()
        message.itemID = input.path.id
        if let name = body.name { message.name = name }
        if let bases = body.bases {
            message.replaceBases = true
            message.bases = bases.map(\.message)
        }
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.updateItem, message)))))
    }

    /// 201: the type is new (with an empty draft procedure); the answer is the item with all its types.
    func addTestType(_ input: Operations.AddTestType.Input) async throws -> Operations.AddTestType.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_AddTestTypeRequest()
        message.itemID = input.path.id
        message.category = body.category.rawValue
        message.subtype = body.subtype
        return .created(.init(body: .json(.init(try await call(FlowsMethods.addTestType, message)))))
    }

    /// The question asked when work is started, so `type` is required. An item that may not be used is a 200 answer
    /// with a reason; `date` (YYYY-MM-DD, today when absent) is validated by the service.
    func checkItemUsable(_ input: Operations.CheckItemUsable.Input) async throws -> Operations.CheckItemUsable.Output {
        var message = Metrology_Flows_V1_CheckItemUsableRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type
        message.onDate = input.query.date ?? ""
        let response = try await call(FlowsMethods.checkItemUsable, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        usable: response.usable, reason: .init(response.reason), message: response.message,
                        procedureVersion: response.procedureVersion))))
    }
}
