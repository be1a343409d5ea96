import CertificatesAPI
import Contracts

/// `/v1/approvals*`: the queue of reviewed records awaiting approval (批准), one approval with its record, what the
/// approver signs (through `/v1/signatures/challenges`, meaning approval), approval with the receipt (which issues the
/// certificate) and return with a reason (the task goes back to data entry).
extension CertificatesRoutes {
    func listApprovals(_ input: Operations.ListApprovals.Input) async throws -> Operations.ListApprovals.Output {
        let query = input.query
        var message = Metrology_Certificates_V1_ListApprovalsRequest()
        message.state = query.state ?? ""
        message.itemID = query.itemId ?? ""
        message.typeCode = query.typeCode ?? ""
        message.sort = query.sort ?? ""
        message.descending = query.descending ?? false
        message.pageSize = query.pageSize ?? 0
        message.cursor = query.cursor ?? ""
        let response = try await call(CertificatesMethods.listApprovals, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        approvals: try response.approvals.map(Components.Schemas.Approval.init), total: response.total,
                        nextCursor: response.nextCursor))))
    }

    func getApproval(_ input: Operations.GetApproval.Input) async throws -> Operations.GetApproval.Output {
        var message = Metrology_Certificates_V1_GetApprovalRequest()
        message.taskID = input.path.id
        return .ok(.init(body: .json(try .init(try await call(CertificatesMethods.getApproval, message)))))
    }

    func prepareApproval(_ input: Operations.PrepareApproval.Input) async throws -> Operations.PrepareApproval.Output {
        var message = Metrology_Certificates_V1_PrepareApprovalRequest()
        message.taskID = input.path.id
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.prepareApproval, message)))))
    }

    func approveTask(_ input: Operations.ApproveTask.Input) async throws -> Operations.ApproveTask.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Certificates_V1_ApproveTaskRequest()
        message.taskID = input.path.id
        message.receipt = body.receipt
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.approveTask, message)))))
    }

    func returnTask(_ input: Operations.ReturnTask.Input) async throws -> Operations.ReturnTask.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Certificates_V1_ReturnTaskRequest()
        message.taskID = input.path.id
        message.reason = body.reason
        return .ok(.init(body: .json(try .init(try await call(CertificatesMethods.returnTask, message)))))
    }
}
