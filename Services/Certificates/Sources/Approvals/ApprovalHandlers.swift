import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// The approval queue (批准, §4.3.11): listing, one record, what the approver signs, and returning a record to data
/// entry. Approving is in `ApprovalHandlers+Approve`.
struct ApprovalHandlers: Sendable {
    let database: PostgresClient
    let issueKind: ProcessKind
    let labels: PublishedLabels

    static let cursorList = "approvals"
    static let approval = "approval"
    static let stateViews: [String: [String]] = [
        "pending": ["pending"], "approved": ["approved"], "returned": ["returned"], "all": ["pending", "approved", "returned"],
    ]

    func register(on router: inout ServiceRouter) {
        router.query(CertificatesMethods.listApprovals, access: .permission(.certificatesApprove), listApprovals)
        router.query(CertificatesMethods.getApproval, access: .permission(.certificatesApprove), getApproval)
        router.query(CertificatesMethods.prepareApproval, access: .permission(.certificatesApprove), prepareApproval)
        router.write(CertificatesMethods.approveTask, access: .permission(.certificatesApprove), prepare: verifyApproval, approveTask)
        router.write(CertificatesMethods.returnTask, access: .permission(.certificatesApprove), returnTask)
    }

    func listApprovals(
        _ request: Metrology_Certificates_V1_ListApprovalsRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_ListApprovalsResponse {
        guard let states = Self.stateViews[request.state.isEmpty ? "pending" : request.state] else {
            throw CertificatesErrors.invalid(
                "state", "状态必须是 pending（待批准）、approved（已批准）、returned（已退回）或 all（全部）", "CERTIFICATES_APPROVAL_STATE_INVALID")
        }
        guard let sort = ApprovalSort(rawValue: request.sort.isEmpty ? "time" : request.sort) else {
            throw CertificatesErrors.invalid("sort", "排序必须是 time（时间）、name（名称）、number（编号）或 item（项目）", "CERTIFICATES_SORT_INVALID")
        }
        guard (0...200).contains(request.pageSize) else { throw CertificatesErrors.invalid("pageSize", "每页条数须在 1 到 200 之间", "PAGE_INVALID") }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        // The cursor names its order: a cursor of one order is no position in another.
        let list = "\(Self.cursorList).\(sort.rawValue).\(request.descending ? "desc" : "asc")"
        var after: (key: String, id: UUID)?
        if let cursor = try PageCursor.decode(request.cursor, list: list, parts: 2) {
            guard let id = UUID(uuidString: cursor.key[1]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        let query = ApprovalStore.Query(
            states: states, itemID: request.itemID.nilIfEmpty, typeCode: request.typeCode.nilIfEmpty, sort: sort, descending: request.descending,
            limit: size + 1, after: after)
        let found = try await database.withConnection { try await ApprovalStore.page(query, on: $0, logger: context.logger) }
        var response = Metrology_Certificates_V1_ListApprovalsResponse()
        response.approvals = found.rows.prefix(size).map { $0.message(withTask: false) }
        if found.rows.count > size {
            response.nextCursor = PageCursor(list: list, key: [found.keys[size - 1], found.rows[size - 1].idString]).token
        }
        response.total = found.total
        return response
    }

    func getApproval(
        _ request: Metrology_Certificates_V1_GetApprovalRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_Approval {
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        guard let row = try await database.withConnection({ try await ApprovalStore.row(id, on: $0, logger: context.logger) }) else {
            throw CertificatesErrors.approvalNotFound
        }
        return row.message(withTask: true)
    }

    /// What the approver signs: the record the tester and the reviewer signed (their digest), as 批准.
    func prepareApproval(
        _ request: Metrology_Certificates_V1_PrepareApprovalRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_ApprovalSubmission {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        guard let row = try await database.withConnection({ try await ApprovalStore.row(id, on: $0, logger: context.logger) }) else {
            throw CertificatesErrors.approvalNotFound
        }
        try Self.requireApprovable(row, by: caller)
        try await Self.requireQualified(caller, item: row.itemCode, context: context)
        var submission = Metrology_Certificates_V1_ApprovalSubmission()
        submission.taskID = row.idString
        submission.resource = Self.resource(row.taskID)
        submission.digest = row.digest
        submission.meaning = Self.approval
        return submission
    }

    /// 退回: back to data entry with a reason; records learns it from certificates.approval.returned.
    func returnTask(
        _ request: Metrology_Certificates_V1_ReturnTaskRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Certificates_V1_Approval {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        let reason = try CertificatesErrors.reason(request.reason, what: "退回")
        guard let row = try await ApprovalStore.row(id, lock: true, on: connection, logger: context.logger) else {
            throw CertificatesErrors.approvalNotFound
        }
        try Self.requireApprovable(row, by: caller)
        try await ApprovalStore.markReturned(
            id, approver: caller.userID, name: caller.displayName, reason: reason, on: connection, logger: context.logger)
        try await context.audit(
            "approval.returned", entityType: "task", entityID: row.idString,
            summary: "\(caller.displayName) 退回原始记录 \(row.rawRecordNumber)（\(row.itemName)）：\(reason)",
            details: ["rawRecordNumber": row.rawRecordNumber, "reason": reason, "round": "\(row.round)"], on: connection)
        var event = Metrology_Certificates_V1_ApprovalReturned()
        event.taskID = row.idString
        event.reason = reason
        event.approverID = caller.userID
        event.approverName = caller.displayName
        try await Outbox.append(
            CertificatesEvents.approvalReturned, subject: row.idString, payload: event, trace: context.rpc.trace, on: connection,
            logger: context.logger)
        guard let after = try await ApprovalStore.row(id, on: connection, logger: context.logger) else { throw CertificatesErrors.approvalNotFound }
        return after.message(withTask: false)
    }

    static func resource(_ task: UUID) -> String { "certificates/approval/\(task.uuidString.lowercased())" }

    /// Pending, and the approver is neither the tester nor the reviewer (§4.3.11.5: three people's duties).
    static func requireApprovable(_ row: ApprovalRow, by caller: Principal) throws {
        guard row.testerID != caller.userID else { throw CertificatesErrors.approverIsTester }
        guard row.reviewerID != caller.userID else { throw CertificatesErrors.approverIsReviewer }
        guard row.state == "pending" else { throw CertificatesErrors.approvalState(row.state, action: "批准或退回") }
    }

    /// Identity decides whether the approver holds a valid qualification to approve the item today.
    static func requireQualified(_ caller: Principal, item: String, context: CallContext) async throws {
        var request = Metrology_Identity_V1_CheckQualificationRequest()
        request.userID = caller.userID
        request.item = item
        request.action = "approve"
        let answer = try await context.call(IdentityMethods.checkQualification, request, step: "qualification-approve")
        guard answer.allowed else {
            throw RPCError(
                code: .permissionDenied, message: answer.message.isEmpty ? "您没有批准该项目的有效资质" : answer.message,
                reason: "CERTIFICATES_NOT_QUALIFIED", details: ["qualification": answer.reason])
        }
    }
}

extension CertificatesErrors {
    static let approverIsTester = RPCError(
        code: .permissionDenied, message: "批准人不能是该记录的检定员", reason: "CERTIFICATES_APPROVER_IS_TESTER")
    static let approverIsReviewer = RPCError(
        code: .permissionDenied, message: "批准人不能是该记录的核验员", reason: "CERTIFICATES_APPROVER_IS_REVIEWER")
}
