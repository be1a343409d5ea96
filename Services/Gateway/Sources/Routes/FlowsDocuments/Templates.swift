import Contracts
import FlowsDocumentsAPI
import GatewayAPISupport

/// Templates of raw records, certificates and notices: imported per item and type (`/v1/items/{id}/templates`),
/// downloaded by their own id (`/v1/templates/{id}/content`), since a stored version belongs to no route's item.
/// The flows service inspects every upload as hostile and checks it against the procedure; templates.manage.
extension FlowsDocumentsRoutes {
    /// 201 when stored. A file whose check found errors is 422 with the same body (accepted: false, the fields found,
    /// every issue) rather than a problem document: the issues are the answer the user needs to fix the file, and a
    /// problem's string-only `fields` could not carry them. A file the service cannot read at all is its 400.
    func importTemplate(_ input: Operations.ImportTemplate.Input) async throws -> Operations.ImportTemplate.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_ImportTemplateRequest()
        message.itemID = input.path.id
        message.typeCode = body.typeCode
        message.kind = body.kind.rawValue
        message.filename = body.filename
        message.content = body.content.data
        let response = try await call(FlowsMethods.importTemplate, message)
        let answer = Components.Schemas.TemplateImport(response)
        return response.accepted ? .created(.init(body: .json(answer))) : .unprocessableContent(.init(body: .json(answer)))
    }

    /// `type` and `kind` are optional filters; without them every version of every template of the item.
    func listTemplates(_ input: Operations.ListTemplates.Input) async throws -> Operations.ListTemplates.Output {
        var message = Metrology_Flows_V1_ListTemplatesRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type ?? ""
        message.kind = input.query.kind?.rawValue ?? ""
        let response = try await call(FlowsMethods.listTemplates, message)
        return .ok(.init(body: .json(.init(templates: response.templates.map(Components.Schemas.TemplateInfo.init)))))
    }

    func downloadTemplate(_ input: Operations.DownloadTemplate.Input) async throws -> Operations.DownloadTemplate.Output {
        var message = Metrology_Flows_V1_DownloadTemplateRequest()
        message.templateID = input.path.id
        let file = try await call(FlowsMethods.downloadTemplate, message)
        return .ok(.attachment(file.content, contentType: file.contentType, filename: file.template.filename))
    }
}
