import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Refresh, registered raw like login: the checks that call the devices service or must outlive a refusal run
/// before the rotation's write opens its transaction.
///
/// Refresh tokens rotate with reuse detection (issue 14 §10): a refresh token works once; presenting one the session
/// already traded means two parties hold it, so the whole session ends and the answer is
/// IDENTITY_REFRESH_TOKEN_REUSED. A retry of the very refresh that traded it (same message id) gets its stored
/// reply instead. No refresh goes past the session's absolute end, and a device-bound session's device must still
/// be enabled with the key the login proved (issue 14 §9).
extension SessionHandlers {
    func refresh(_ payload: [UInt8], _ rpc: RPCContext) async throws -> [UInt8] {
        let request: Metrology_Identity_V1_RefreshRequest
        do { request = try .init(serializedBytes: payload) } catch { throw MalformedPayload(method: IdentityMethods.refresh.fullName) }
        let context = CallContext(rpc: rpc, principal: nil)
        guard !request.refreshToken.isEmpty else { throw RPCError.invalidArgument("缺少刷新令牌", reason: "IDENTITY_REFRESH_TOKEN_MISSING") }
        let hash = Self.hash(request.refreshToken)

        if let traded = try await store.rotatedRefreshToken(hash: hash, logger: rpc.logger), traded.messageID != rpc.messageID {
            try await endReusedSession(traded.session, context: context)
            throw RPCError.unauthenticated("刷新令牌已被使用过，为安全起见该会话已结束，请重新登录", reason: "IDENTITY_REFRESH_TOKEN_REUSED")
        }
        let found = try await store.client.withConnection { try await store.sessionForRefresh(hash: hash, lock: false, on: $0, logger: rpc.logger) }
        if let found, let device = found.device {
            try await devices.recheck(device: device, keyID: found.deviceKeyID, session: found, keys: keys, store: store, context: context)
        }
        return try await writer.once(messageID: rpc.messageID, method: IdentityMethods.refresh.fullName, request: payload, logger: rpc.logger) {
            connection in
            guard let session = try await store.sessionForRefresh(hash: hash, lock: true, on: connection, logger: rpc.logger),
                let user = try await store.user(id: session.user, on: connection, logger: rpc.logger)
            else { throw RPCError.unauthenticated("刷新令牌无效或已过期，请重新登录", reason: "IDENTITY_REFRESH_TOKEN_INVALID") }
            guard session.endsAt > Date() else {
                throw RPCError.unauthenticated("登录已超过最长时限，请重新登录", reason: "IDENTITY_SESSION_EXPIRED")
            }
            guard user.isActive else { throw RPCError.unauthenticated("该账号已被停用，请联系系统管理员", reason: "IDENTITY_USER_DISABLED") }
            return try await issue(
                for: user, session: session.id, device: session.device, endsAt: session.endsAt,
                rotation: .rotate(from: hash, messageID: rpc.messageID),
                connection: connection, context: context
            ).serializedBytes()
        }
    }

    /// A traded refresh token came back: the session ends, announced as a logout is, and the audit trail says why.
    private func endReusedSession(_ session: UUID, context: CallContext) async throws {
        try await store.client.transaction(logger: context.logger) { connection in
            guard let user = try await store.revokeSessionReturningUser(session, on: connection, logger: context.logger) else { return }
            let userID = user.uuidString.lowercased()
            let sessionID = session.uuidString.lowercased()
            try await SessionEvents.revoked(session: sessionID, user: userID, trace: context.rpc.trace, on: connection, logger: context.logger)
            try await AuditTrail.append(
                AuditEvent(
                    actorID: "", actorName: "系统", action: "session.refresh_token_reused", entityType: "user", entityID: userID,
                    summary: "已使用过的刷新令牌被再次出示，会话已结束", details: ["session": sessionID], traceID: context.rpc.trace.traceID),
                on: connection, logger: context.logger)
        }
    }
}
