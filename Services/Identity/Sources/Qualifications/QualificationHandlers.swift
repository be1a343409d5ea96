import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Qualification certificates, approved items, and the qualification check that records and certificates ask at
/// every step.
struct QualificationHandlers: Sendable {
    let users: UserHandlers
    var store: IdentityStore { users.store }

    func addQualification(
        _ request: Metrology_Identity_V1_AddQualificationRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await editable(request.userID, context: context, connection: connection)
        let number = try ProfileValidation.text(request.certificateNo, field: "certificateNo", title: "资质证书编号", required: true, max: 64)
        let issuer = try ProfileValidation.text(request.issuer, field: "issuer", title: "发证机构", required: true, max: 100)
        let issued = try ProfileValidation.day(request.issuedOn, field: "issuedOn", title: "发证日期")
        let expires = try ProfileValidation.day(request.expiresOn, field: "expiresOn", title: "有效期至")
        guard issued <= expires else {
            throw ProfileValidation.invalid("expiresOn", "有效期至不能早于发证日期", "IDENTITY_QUALIFICATION_DATES")
        }
        guard issued <= CalendarDay.today else { throw ProfileValidation.invalid("issuedOn", "发证日期不能晚于今天", "IDENTITY_QUALIFICATION_DATES") }
        let items = try ProfileValidation.items(request.items, field: "items")
        guard !items.isEmpty else { throw ProfileValidation.invalid("items", "请至少填写一个检测项目", "IDENTITY_FIELD_REQUIRED") }
        guard !user.qualifications.contains(where: { $0.certificateNo == number }) else {
            throw RPCError(
                code: .alreadyExists, message: "该人员已登记资质证书 \(number)", reason: "IDENTITY_QUALIFICATION_EXISTS", details: ["field": "certificateNo"])
        }
        let record = QualificationRecord(
            id: UUID(), userID: user.id, certificateNo: number, issuedOn: issued.description, issuer: issuer, expiresOn: expires.description,
            items: items)
        try await store.insertQualification(record, on: connection, logger: context.logger)
        try await context.audit(
            "qualification.added", entityType: "user", entityID: user.idString, summary: "为 \(user.displayName) 登记资质证书 \(number)",
            details: [
                "certificateNo": number, "issuer": issuer, "issuedOn": issued.description, "expiresOn": expires.description,
                "items": items.joined(separator: ","),
            ],
            on: connection)
        return try await reload(user, context, connection)
    }

    func removeQualification(
        _ request: Metrology_Identity_V1_RemoveQualificationRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await editable(request.userID, context: context, connection: connection)
        guard let id = UUID(uuidString: request.qualificationID),
            let number = try await store.deleteQualification(id, of: user.id, on: connection, logger: context.logger)
        else { throw RPCError.notFound("该人员没有这条资质记录", reason: "IDENTITY_QUALIFICATION_NOT_FOUND") }
        try await context.audit(
            "qualification.removed", entityType: "user", entityID: user.idString, summary: "删除 \(user.displayName) 的资质证书 \(number)",
            details: ["certificateNo": number], on: connection)
        return try await reload(user, context, connection)
    }

    func setApprovedItems(
        _ request: Metrology_Identity_V1_SetApprovedItemsRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await editable(request.userID, context: context, connection: connection)
        let items = try ProfileValidation.items(request.items, field: "items")
        guard items != user.approvedItems.sorted() else { return users.response(user) }
        try await store.replaceApprovedItems(of: user.id, with: items, on: connection, logger: context.logger)
        try await context.audit(
            "user.approved_items_changed", entityType: "user", entityID: user.idString, summary: "修改 \(user.displayName) 的核准开展项目",
            details: ["before": user.approvedItems.sorted().joined(separator: ","), "after": items.joined(separator: ",")], on: connection)
        return try await reload(user, context, connection)
    }

    func checkQualification(
        _ request: Metrology_Identity_V1_CheckQualificationRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_CheckQualificationResponse
    {
        let id = try UserHandlers.userID(request.userID)
        let day = request.onDate.isEmpty ? CalendarDay.today : try ProfileValidation.day(request.onDate, field: "onDate", title: "日期")
        guard !request.item.isEmpty else { throw ProfileValidation.invalid("item", "请指定检测项目", "IDENTITY_FIELD_REQUIRED") }
        let user = try await store.client.withConnection { try await store.user(id: id, on: $0, logger: context.logger) }
        guard let user else { throw UserHandlers.notFound }
        let decision = QualificationRule.decide(
            status: user.status, permissions: Set(user.permissions.map(Permission.init)), approvedItems: Set(user.approvedItems),
            qualifications: user.qualifications.compactMap(\.rule), item: request.item, action: request.action, on: day)
        var response = Metrology_Identity_V1_CheckQualificationResponse()
        response.allowed = decision.allowed
        response.reason = decision.reason
        response.message = decision.message
        response.qualificationID = decision.qualificationID
        return response
    }

    private func editable(_ userID: String, context: CallContext, connection: PostgresConnection) async throws -> UserRecord {
        let id = try UserHandlers.userID(userID)
        guard let user = try await store.user(id: id, lock: true, on: connection, logger: context.logger) else { throw UserHandlers.notFound }
        guard user.status != "deleted" else { throw UserHandlers.deleted }
        return user
    }

    private func reload(
        _ user: UserRecord, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_UserResponse {
        guard let after = try await store.user(id: user.id, on: connection, logger: context.logger) else { throw UserHandlers.notFound }
        return users.response(after)
    }
}
