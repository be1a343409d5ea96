import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Disable, enable, delete (soft), unlock, and revealing the full ID number. Disabling or deleting ends the person's
/// sessions and, through an event, their tokens in every service within moments.
struct UserStatusHandlers: Sendable {
    let users: UserHandlers
    var store: IdentityStore { users.store }

    func disableUser(
        _ request: Metrology_Identity_V1_UserActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await target(request, context: context, connection: connection, notSelf: "不能停用自己的账号")
        guard user.status == "active" else { return users.response(user) }
        try await store.setStatus(of: user.id, to: "disabled", on: connection, logger: context.logger)
        try await Self.revokeTokens(of: user, event: IdentityEvents.userDisabled, endSessions: true, store: store, context: context, on: connection)
        return try await finish(
            user, action: "user.disabled", summary: "停用人员 \(user.displayName)（\(user.username)）", reason: request.reason, context, connection)
    }

    func enableUser(
        _ request: Metrology_Identity_V1_UserActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await target(request, context: context, connection: connection)
        guard user.status == "disabled" else { return users.response(user) }
        try await store.setStatus(of: user.id, to: "active", on: connection, logger: context.logger)
        return try await finish(
            user, action: "user.enabled", summary: "启用人员 \(user.displayName)（\(user.username)）", reason: request.reason, context, connection)
    }

    func deleteUser(
        _ request: Metrology_Identity_V1_UserActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await target(request, context: context, connection: connection, notSelf: "不能删除自己的账号")
        try await store.setStatus(of: user.id, to: "deleted", on: connection, logger: context.logger)
        try await Self.revokeTokens(of: user, event: IdentityEvents.userDeleted, endSessions: true, store: store, context: context, on: connection)
        return try await finish(
            user, action: "user.deleted", summary: "删除人员 \(user.displayName)（\(user.username)），记录保留备查", reason: request.reason, context, connection)
    }

    func unlockUser(
        _ request: Metrology_Identity_V1_UserActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let user = try await target(request, context: context, connection: connection)
        guard user.failedLogins > 0 || user.lockedAt != nil else { return users.response(user) }
        try await store.clearFailedLogins(of: user.id, on: connection, logger: context.logger)
        return try await finish(
            user, action: "user.unlocked", summary: "解锁人员 \(user.displayName)（\(user.username)）", reason: request.reason, context, connection)
    }

    /// A write, not a read: every look at a full ID number leaves an audit entry.
    func revealIdNumber(
        _ request: Metrology_Identity_V1_UserActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_RevealIdNumberResponse
    {
        let id = try UserHandlers.userID(request.userID)
        guard let user = try await store.user(id: id, on: connection, logger: context.logger) else { throw UserHandlers.notFound }
        guard let sealed = try await store.idNumberCipher(of: id, on: connection, logger: context.logger) else {
            throw RPCError.notFound("该人员没有登记身份证号码", reason: "IDENTITY_ID_NUMBER_ABSENT")
        }
        var response = Metrology_Identity_V1_RevealIdNumberResponse()
        response.idNumber = try users.cipher.open(sealed)
        try await context.audit(
            "user.id_number_revealed", entityType: "user", entityID: user.idString, summary: "查看人员 \(user.displayName) 的完整身份证号码",
            details: ["reason": request.reason], on: connection)
        return response
    }

    private func target(
        _ request: Metrology_Identity_V1_UserActionRequest, context: CallContext, connection: PostgresConnection, notSelf: String? = nil
    ) async throws -> UserRecord {
        let id = try UserHandlers.userID(request.userID)
        guard request.reason.count <= 200 else { throw RPCError.invalidArgument("原因不能超过 200 个字符", reason: "IDENTITY_REASON_TOO_LONG") }
        guard let user = try await store.user(id: id, lock: true, on: connection, logger: context.logger) else { throw UserHandlers.notFound }
        guard user.status != "deleted" else { throw UserHandlers.deleted }
        try SeparationOfDuties.checkMayChange(user, by: try context.caller())
        if let notSelf, try context.caller().userID == user.idString {
            throw RPCError(code: .failedPrecondition, message: notSelf, reason: "IDENTITY_SELF_ACTION")
        }
        return user
    }

    private func finish(
        _ before: UserRecord, action: String, summary: String, reason: String, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_UserResponse {
        guard let after = try await store.user(id: before.id, on: connection, logger: context.logger) else { throw UserHandlers.notFound }
        var details = ["status": "\(before.status) → \(after.status)"]
        if !reason.isEmpty { details["reason"] = reason }
        try await context.audit(action, entityType: "user", entityID: after.idString, summary: summary, details: details, on: connection)
        return users.response(after)
    }

    /// Refuses the user's current tokens everywhere: the revocation is stored (for services that start later) and
    /// announced (for the ones running now).
    static func revokeTokens(
        of user: UserRecord, event announced: EventType<Metrology_Identity_V1_UserDisabled>, endSessions: Bool, store: IdentityStore,
        context: CallContext, on connection: PostgresConnection
    ) async throws {
        let at = try await store.revokeTokens(of: user.id, endSessions: endSessions, on: connection, logger: context.logger)
        var event = Metrology_Identity_V1_UserDisabled()
        event.userID = user.idString
        event.at = Google_Protobuf_Timestamp(date: at)
        try await Outbox.append(announced, subject: user.idString, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
    }
}
