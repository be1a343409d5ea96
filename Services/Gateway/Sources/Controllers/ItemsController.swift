import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/items*`: test items (检测项目), their legal basis and test types. The flows service checks permissions
/// (setup.manage for changes) and validates codes, kinds and dates; the gateway only maps shapes. Procedures,
/// templates and numbering under an item have controllers of their own.
struct ItemsController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/items", use: list)
        router.post("/v1/items", use: create)
        router.get("/v1/items/:id", use: get)
        router.patch("/v1/items/:id", use: update)
        router.post("/v1/items/:id/types", use: addType)
        router.get("/v1/items/:id/usability", use: checkUsable)
        router.post("/v1/items/:id/retire") { request, context in try await setRetired(request, context: context, retired: true) }
        router.post("/v1/items/:id/reactivate") { request, context in try await setRetired(request, context: context, retired: false) }
        // The type by `?type=<category>:<subtype>`, as the procedure, template and numbering routes name it.
        router.post("/v1/items/:id/types/retire") { request, context in try await setTypeRetired(request, context: context, retired: true) }
        router.post("/v1/items/:id/types/reactivate") { request, context in try await setTypeRetired(request, context: context, retired: false) }
    }

    /// Retire (停用) or reactivate an item; the body `{ "reason": … }` may be left out.
    func setRetired(_ request: Request, context: some RequestContext, retired: Bool) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSONIfPresent(as: RetireBody.self)
        var message = Metrology_Flows_V1_SetItemRetiredRequest()
        message.itemID = try context.parameters.require("id")
        message.retired = retired
        message.reason = body?.reason ?? ""
        return try jsonResponse(ItemDTO(try await backend.call(FlowsMethods.setItemRetired, message, options: options)))
    }

    /// The same for one test type, named by its code ("verification:initial").
    func setTypeRetired(_ request: Request, context: some RequestContext, retired: Bool) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSONIfPresent(as: RetireBody.self)
        var message = Metrology_Flows_V1_SetTestTypeRetiredRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = try request.requiredQueryString("type")
        message.retired = retired
        message.reason = body?.reason ?? ""
        return try jsonResponse(ItemDTO(try await backend.call(FlowsMethods.setTestTypeRetired, message, options: options)))
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_ListItemsRequest()
        message.query = request.queryString("query") ?? ""
        message.usableOnly = try request.queryBool("usableOnly") ?? false
        message.status = request.queryString("status") ?? ""
        let paging = try PageQuery(request)
        message.page = paging.page
        message.pageSize = paging.pageSize
        let response = try await backend.call(FlowsMethods.listItems, message, options: options)
        return try jsonResponse(
            ItemListDTO(items: response.items.map(ItemDTO.init), total: response.total, page: response.page, pageSize: response.pageSize))
    }

    func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CreateItemBody.self)
        var message = Metrology_Flows_V1_CreateItemRequest()
        message.code = body.code
        message.name = body.name
        message.bases = (body.bases ?? []).map(\.message)
        let item = try await backend.call(FlowsMethods.createItem, message, options: options)
        return try jsonResponse(ItemDTO(item), status: .created)
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_GetItemRequest()
        message.itemID = try context.parameters.require("id")
        let item = try await backend.call(FlowsMethods.getItem, message, options: options)
        return try jsonResponse(ItemDTO(item))
    }

    /// Sets only the fields the body has: `name` through proto3 `optional`, `bases` through replace_bases.
    func update(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: UpdateItemBody.self)
        var message = Metrology_Flows_V1_UpdateItemRequest()
        message.itemID = try context.parameters.require("id")
        if let name = body.name { message.name = name }
        if let bases = body.bases {
            message.replaceBases = true
            message.bases = bases.map(\.message)
        }
        let item = try await backend.call(FlowsMethods.updateItem, message, options: options)
        return try jsonResponse(ItemDTO(item))
    }

    /// 201: the type is new (with an empty draft procedure); the answer is the item with all its types.
    func addType(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: AddTestTypeBody.self)
        var message = Metrology_Flows_V1_AddTestTypeRequest()
        message.itemID = try context.parameters.require("id")
        message.category = body.category
        message.subtype = body.subtype
        let item = try await backend.call(FlowsMethods.addTestType, message, options: options)
        return try jsonResponse(ItemDTO(item), status: .created)
    }

    /// The question asked when work is started, so `type` is required. An item that may not be used is a 200 answer
    /// with a reason; `date` (YYYY-MM-DD, today when absent) is validated by the service.
    func checkUsable(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_CheckItemUsableRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = try request.requiredQueryString("type")
        message.onDate = request.queryString("date") ?? ""
        let response = try await backend.call(FlowsMethods.checkItemUsable, message, options: options)
        return try jsonResponse(ItemUsabilityDTO(response))
    }
}
