import Contracts
import FlowsDocumentsAPI
import GatewayAPISupport

/// `/v1/regulations*`: regulation texts (规程文本), PDF or Word, linked to items by code; searched and downloaded from
/// the mobile app. The flows service checks permissions (setup.manage to change) and the files themselves.
extension FlowsDocumentsRoutes {
    /// `status` passes through unchecked: the service knows the statuses and names an unknown one in its 400. Paged
    /// with `page`/`pageSize`; without both the service answers every match and says so in `pageSize`, so the
    /// envelope echoes the service's page, not `Page`'s normalised request.
    func listRegulations(_ input: Operations.ListRegulations.Input) async throws -> Operations.ListRegulations.Output {
        let query = input.query
        let page = Page(page: query.page, pageSize: query.pageSize)
        var message = Metrology_Flows_V1_ListRegulationsRequest()
        message.query = query.query ?? ""
        message.itemCode = query.itemCode ?? ""
        message.status = query.status?.rawValue ?? ""
        message.page = page.page
        message.pageSize = page.pageSize
        let response = try await call(FlowsMethods.listRegulations, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        regulations: response.regulations.map(Components.Schemas.Regulation.init), total: response.total, page: response.page,
                        pageSize: response.pageSize))))
    }

    /// The service tells PDF from Word by the content, not by the filename, and defaults the status to current.
    func importRegulation(_ input: Operations.ImportRegulation.Input) async throws -> Operations.ImportRegulation.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_ImportRegulationRequest()
        message.code = body.code
        message.title = body.title
        message.effectiveOn = body.effectiveOn
        message.status = body.status?.rawValue ?? ""
        message.replacedBy = body.replacedBy ?? ""
        message.itemCodes = body.itemCodes ?? []
        message.filename = body.filename
        message.content = body.content.data
        return .created(.init(body: .json(.init(try await call(FlowsMethods.importRegulation, message)))))
    }

    /// PATCH: sets only the fields the body has (an absent or null field stays as it is): proto3 `optional` for the
    /// texts, replace_item_codes for the list. The code, effective date and file do not change.
    func updateRegulation(_ input: Operations.UpdateRegulation.Input) async throws -> Operations.UpdateRegulation.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_UpdateRegulationRequest()
        message.regulationID = input.path.id
        if let value = body.title { message.title = value }
        if let value = body.status { message.status = value.rawValue }
        if let value = body.replacedBy { message.replacedBy = value }
        if let codes = body.itemCodes {
            message.replaceItemCodes = true
            message.itemCodes = codes
        }
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.updateRegulation, message)))))
    }

    func downloadRegulation(_ input: Operations.DownloadRegulation.Input) async throws -> Operations.DownloadRegulation.Output {
        var message = Metrology_Flows_V1_DownloadRegulationRequest()
        message.regulationID = input.path.id
        let file = try await call(FlowsMethods.downloadRegulation, message)
        return .ok(.attachment(file.content, contentType: file.contentType, filename: file.regulation.filename))
    }
}
