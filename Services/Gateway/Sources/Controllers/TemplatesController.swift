import Auth
import Contracts
import Hummingbird
import Messaging

/// Templates of raw records, certificates and notices: imported per item and type (`/v1/items/{id}/templates`),
/// downloaded by their own id (`/v1/templates/{id}/content`), since a stored version belongs to no route's item.
/// The flows service inspects every upload as hostile and checks it against the procedure; templates.manage.
struct TemplatesController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/items/:id/templates", use: importTemplate)
        router.get("/v1/items/:id/templates", use: list)
        router.get("/v1/templates/:id/content", use: download)
    }

    /// 201 when stored. A file whose check found errors is 422 with the same body (accepted: false, the fields found,
    /// every issue) rather than a problem document: the issues are the answer the user needs to fix the file, and a
    /// problem's string-only `fields` could not carry them. A file the service cannot read at all is its 400.
    func importTemplate(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeUpload(as: ImportTemplateBody.self)
        var message = Metrology_Flows_V1_ImportTemplateRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = body.typeCode
        message.kind = body.kind
        message.filename = body.filename
        message.content = try Base64Field.decode(body.content, field: "content")
        let response = try await backend.call(FlowsMethods.importTemplate, message, options: options)
        return try jsonResponse(TemplateImportDTO(response), status: response.accepted ? .created : .unprocessableContent)
    }

    /// `type` and `kind` are optional filters; without them every version of every template of the item.
    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_ListTemplatesRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = request.queryString("type") ?? ""
        message.kind = request.queryString("kind") ?? ""
        let response = try await backend.call(FlowsMethods.listTemplates, message, options: options)
        return try jsonResponse(TemplateListDTO(templates: response.templates.map(TemplateInfoDTO.init)))
    }

    func download(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Flows_V1_DownloadTemplateRequest()
        message.templateID = try context.parameters.require("id")
        let file = try await backend.call(FlowsMethods.downloadTemplate, message, options: options)
        return FileResponse.attachment(file.content, contentType: file.contentType, filename: file.template.filename)
    }
}
