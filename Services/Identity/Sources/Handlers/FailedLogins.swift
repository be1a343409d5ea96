import Foundation
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Counts failed logins and locks accounts. The login's own transaction rolls back when it refuses, so the count
/// and its audit entry are committed in a transaction of their own: a refused login is never forgotten.
struct FailedLogins: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings

    /// Records one failure (or a refusal of a locked or disabled account); returns whether the account is now locked.
    @discardableResult
    func record(username: String, user: UserRecord?, context: CallContext, refusal: String? = nil) async throws -> Bool {
        let logger = context.logger
        return try await store.client.transaction(logger: logger) { connection in
            var locked = false
            var details = ["username": String(username.prefix(64))]
            if let user, refusal == nil {
                let (failures, nowLocked) = try await store.recordFailedLogin(of: user.id, threshold: settings.lockoutThreshold, on: connection, logger: logger)
                locked = nowLocked
                details["failures"] = "\(failures)"
            }
            if let refusal { details["refusal"] = refusal }
            let entity = user?.idString ?? ""
            let summary = refusal.map { "账号 \(username) 登录被拒绝：\($0)" } ?? "账号 \(username) 登录失败（用户名或密码错误）"
            try await AuditTrail.append(
                AuditEvent(
                    actorID: entity, actorName: username, action: refusal == nil ? "login.failed" : "login.refused", entityType: "user", entityID: entity,
                    summary: summary, details: details, traceID: context.rpc.trace.traceID),
                on: connection, logger: logger)
            if locked, let user, user.lockedAt == nil {
                try await AuditTrail.append(
                    AuditEvent(
                        actorID: "", actorName: "系统", action: "user.locked", entityType: "user", entityID: entity,
                        summary: "账号 \(username) 连续 \(settings.lockoutThreshold) 次登录失败，已锁定", traceID: context.rpc.trace.traceID),
                    on: connection, logger: logger)
            }
            return locked
        }
    }

    static func lockedError(lockout: Duration) -> RPCError {
        let minutes = lockout.components.seconds / 60
        let message =
            minutes == 0 ? "登录失败次数过多，账号已锁定，请联系系统管理员解锁" : "登录失败次数过多，账号已锁定 \(minutes) 分钟，或请系统管理员解锁"
        return RPCError.unauthenticated(message, reason: "IDENTITY_ACCOUNT_LOCKED")
    }
}
