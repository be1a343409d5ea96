import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/regulations*`: regulation texts (规程文本), PDF or Word, linked to items by code; searched and downloaded from
/// the mobile app. The flows service checks permissions (setup.manage to change) and the files themselves.
struct RegulationsController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/regulations", use: list)
        router.post("/v1/regulations", use: importRegulation)
        router.patch("/v1/regulations/:id", use: update)
        router.get("/v1/regulations/:id/content", use: download)
    }

    /// `status` passes through unchecked: the service knows the statuses and names an unknown one in its 400.
    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_ListRegulationsRequest()
        message.query = request.queryString("query") ?? ""
        message.itemCode = request.queryString("itemCode") ?? ""
        message.status = request.queryString("status") ?? ""
        let paging = try PageQuery(request)
        message.page = paging.page
        message.pageSize = paging.pageSize
        let response = try await backend.call(FlowsMethods.listRegulations, message, options: options)
        return try jsonResponse(
            RegulationListDTO(
                regulations: response.regulations.map(RegulationDTO.init), total: response.total, page: response.page, pageSize: response.pageSize))
    }

    func importRegulation(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeUpload(as: ImportRegulationBody.self)
        var message = Metrology_Flows_V1_ImportRegulationRequest()
        message.code = body.code
        message.title = body.title
        message.effectiveOn = body.effectiveOn
        message.status = body.status ?? ""
        message.replacedBy = body.replacedBy ?? ""
        message.itemCodes = body.itemCodes ?? []
        message.filename = body.filename
        message.content = try Base64Field.decode(body.content, field: "content")
        let regulation = try await backend.call(FlowsMethods.importRegulation, message, options: options)
        return try jsonResponse(RegulationDTO(regulation), status: .created)
    }

    /// Sets only the fields the body has: proto3 `optional` for the texts, replace_item_codes for the list.
    func update(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: UpdateRegulationBody.self)
        var message = Metrology_Flows_V1_UpdateRegulationRequest()
        message.regulationID = try context.parameters.require("id")
        if let value = body.title { message.title = value }
        if let value = body.status { message.status = value }
        if let value = body.replacedBy { message.replacedBy = value }
        if let codes = body.itemCodes {
            message.replaceItemCodes = true
            message.itemCodes = codes
        }
        let regulation = try await backend.call(FlowsMethods.updateRegulation, message, options: options)
        return try jsonResponse(RegulationDTO(regulation))
    }

    func download(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_DownloadRegulationRequest()
        message.regulationID = try context.parameters.require("id")
        let file = try await backend.call(FlowsMethods.downloadRegulation, message, options: options)
        return FileResponse.attachment(file.content, contentType: file.contentType, filename: file.regulation.filename)
    }
}
