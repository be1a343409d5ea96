import Contracts
import RecordsAPI

/// `/v1/commissions*`: commissions taken at the desk and appointments customers booked (委托单 / 预约), accepted
/// (受理: one task per line) or refused with a reason.
extension RecordsRoutes {
    func listCommissions(_ input: Operations.ListCommissions.Input) async throws -> Operations.ListCommissions.Output {
        var message = Metrology_Records_V1_ListCommissionsRequest()
        message.customerID = input.query.customerId ?? ""
        message.state = input.query.state ?? ""
        message.source = input.query.source ?? ""
        message.fromDate = input.query.fromDate ?? ""
        message.toDate = input.query.toDate ?? ""
        message.pageSize = input.query.pageSize ?? 0
        message.cursor = input.query.cursor ?? ""
        let response = try await call(RecordsMethods.listCommissions, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        commissions: response.commissions.map(Components.Schemas.Commission.init), total: response.total,
                        nextCursor: response.nextCursor))))
    }

    func createCommission(_ input: Operations.CreateCommission.Input) async throws -> Operations.CreateCommission.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_CreateCommissionRequest()
        message.customerID = body.customerId
        message.source = body.source ?? ""
        message.requestedOn = body.requestedOn ?? ""
        message.note = body.note ?? ""
        message.lines = body.lines.map { line in
            var request = Metrology_Records_V1_CommissionLineRequest()
            request.instrumentID = line.instrumentId
            request.itemID = line.itemId ?? ""
            request.typeCode = line.typeCode ?? ""
            return request
        }
        return .created(.init(body: .json(.init(try await call(RecordsMethods.createCommission, message)))))
    }

    func getCommission(_ input: Operations.GetCommission.Input) async throws -> Operations.GetCommission.Output {
        var message = Metrology_Records_V1_GetCommissionRequest()
        message.commissionID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.getCommission, message)))))
    }

    /// The body is optional: accepting without assigning testers is the everyday case.
    func acceptCommission(_ input: Operations.AcceptCommission.Input) async throws -> Operations.AcceptCommission.Output {
        var assignments: [Components.Schemas.AcceptCommissionRequest.AssignmentsPayloadPayload] = []
        if case .json(let body)? = input.body { assignments = body.assignments ?? [] }
        var message = Metrology_Records_V1_AcceptCommissionRequest()
        message.commissionID = input.path.id
        message.assignments = assignments.map { assignment in
            var line = Metrology_Records_V1_LineAssignment()
            line.lineID = assignment.lineId
            line.testerID = assignment.testerId
            return line
        }
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.acceptCommission, message)))))
    }

    func refuseCommission(_ input: Operations.RefuseCommission.Input) async throws -> Operations.RefuseCommission.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_RefuseCommissionRequest()
        message.commissionID = input.path.id
        message.reason = body.reason
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.refuseCommission, message)))))
    }
}
