import Contracts
import GatewayAPISupport
import RecordsAPI

/// `/v1/customers/{id}/instruments*` and `/v1/instruments*`: a customer's instrument ledger (计量器具台账), and the
/// ledger across customers (e.g. what falls due). The .xlsx import is all rows or none; its refusal's violations reach
/// the client through the problem document (ProblemDetails).
extension RecordsRoutes {
    func listCustomerInstruments(
        _ input: Operations.ListCustomerInstruments.Input
    ) async throws
        -> Operations.ListCustomerInstruments.Output
    {
        let query = input.query
        let response = try await listInstruments(
            customerID: input.path.id, query: query.query, mandatoryOnly: query.mandatoryOnly, status: query.status,
            dueBefore: query.dueBefore, pageSize: query.pageSize, cursor: query.cursor)
        return .ok(.init(body: .json(response)))
    }

    func listInstruments(_ input: Operations.ListInstruments.Input) async throws -> Operations.ListInstruments.Output {
        let query = input.query
        let response = try await listInstruments(
            customerID: query.customerId, query: query.query, mandatoryOnly: query.mandatoryOnly, status: query.status,
            dueBefore: query.dueBefore, pageSize: query.pageSize, cursor: query.cursor)
        return .ok(.init(body: .json(response)))
    }

    /// Both list operations are one RPC; the customer comes from the path or from the query.
    private func listInstruments(
        customerID: String?, query: String?, mandatoryOnly: Bool?, status: String?, dueBefore: String?, pageSize: Int32?,
        cursor: String?
    ) async throws -> Components.Schemas.InstrumentPage {
        var message = Metrology_Records_V1_ListInstrumentsRequest()
        message.customerID = customerID ?? ""
        message.query = query ?? ""
        message.mandatoryOnly = mandatoryOnly ?? false
        message.status = status ?? ""
        message.dueBefore = dueBefore ?? ""
        message.pageSize = pageSize ?? 0
        message.cursor = cursor ?? ""
        let response = try await call(RecordsMethods.listInstruments, message)
        return .init(
            instruments: response.instruments.map(Components.Schemas.Instrument.init), total: response.total,
            nextCursor: response.nextCursor)
    }

    func createInstrument(_ input: Operations.CreateInstrument.Input) async throws -> Operations.CreateInstrument.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_CreateInstrumentRequest()
        message.customerID = input.path.id
        message.name = body.name
        message.model = body.model ?? ""
        message.serialNumber = body.serialNumber ?? ""
        message.manufacturer = body.manufacturer ?? ""
        message.manufactureDate = body.manufactureDate ?? ""
        message.accuracyClass = body.accuracyClass ?? ""
        message.measuringRange = body.measuringRange ?? ""
        message.placeOfUse = body.placeOfUse ?? ""
        message.mandatory = body.mandatory ?? false
        message.mandatoryUse = body.mandatoryUse ?? ""
        message.itemID = body.itemId ?? ""
        message.cycleMonths = body.cycleMonths ?? 0
        return .created(.init(body: .json(.init(try await call(RecordsMethods.createInstrument, message)))))
    }

    func importInstruments(_ input: Operations.ImportInstruments.Input) async throws -> Operations.ImportInstruments.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_ImportInstrumentsRequest()
        message.customerID = input.path.id
        message.filename = body.filename
        message.xlsx = body.content.data
        let response = try await call(RecordsMethods.importInstruments, message)
        return .created(
            .init(
                body: .json(
                    .init(imported: response.imported, instruments: response.instruments.map(Components.Schemas.Instrument.init)))))
    }

    func getInstrument(_ input: Operations.GetInstrument.Input) async throws -> Operations.GetInstrument.Output {
        var message = Metrology_Records_V1_GetInstrumentRequest()
        message.instrumentID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.getInstrument, message)))))
    }

    /// Only the fields present in the body change.
    func updateInstrument(_ input: Operations.UpdateInstrument.Input) async throws -> Operations.UpdateInstrument.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_UpdateInstrumentRequest()
        message.instrumentID = input.path.id
        if let value = body.name { message.name = value }
        if let value = body.model { message.model = value }
        if let value = body.serialNumber { message.serialNumber = value }
        if let value = body.manufacturer { message.manufacturer = value }
        if let value = body.manufactureDate { message.manufactureDate = value }
        if let value = body.accuracyClass { message.accuracyClass = value }
        if let value = body.measuringRange { message.measuringRange = value }
        if let value = body.placeOfUse { message.placeOfUse = value }
        if let value = body.mandatory { message.mandatory = value }
        if let value = body.mandatoryUse { message.mandatoryUse = value }
        if let value = body.itemId { message.itemID = value }
        if let value = body.cycleMonths { message.cycleMonths = value }
        if let value = body.status { message.status = value }
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.updateInstrument, message)))))
    }
}
