import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Counts login attempts and locks accounts.
///
/// Each step is a short transaction of its own, taken while the login holds no other connection: the login's own
/// write rolls back when it refuses, and a refusal must never be forgotten; and a handler that waited for a second
/// pooled connection while holding one would deadlock the pool under a burst of logins (issue 14 §2).
///
/// An attempt is counted *before* its password is checked, under the row lock (issue 14 §13): parallel guesses are
/// counted one after another, only the first `threshold` of them reach the hash check, and a right password clears
/// the count only if the account was not locked meanwhile.
struct FailedLogins: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings

    /// The outcome of counting an attempt.
    enum Admission {
        /// No live account has this name.
        case unknown
        /// The account may be tried; its password has not been checked yet. `attempt` is this attempt's number in
        /// the count.
        case admitted(UserRecord, attempt: Int)
    }

    /// Counts an attempt and returns the account to check, or throws IDENTITY_ACCOUNT_LOCKED (recorded).
    func admit(username: String, context: CallContext) async throws -> Admission {
        let logger = context.logger
        let threshold = settings.lockoutThreshold
        let (user, attempt, refusedAsLocked) = try await store.client.transaction(logger: logger) { connection -> (UserRecord?, Int, Bool) in
            guard let counted = try await store.countAttempt(username: username, lockout: settings.lockout, on: connection, logger: logger),
                let user = try await store.user(id: counted.user, on: connection, logger: logger)
            else { return (nil, 0, false) }
            guard counted.locked || counted.attempts > threshold else { return (user, counted.attempts, false) }
            // Locked, or more guesses arrived than the threshold allows while earlier ones are still being checked:
            // refused without looking at the password.
            let lockedNow = try await store.lock(user.id, on: connection, logger: logger)
            try await append(
                .refused("账号已锁定"), username: username, user: user, attempts: counted.attempts, lockedNow: lockedNow, context: context, on: connection)
            return (user, counted.attempts, true)
        }
        guard let user else { return .unknown }
        if refusedAsLocked { throw Self.lockedError(lockout: settings.lockout) }
        return .admitted(user, attempt: attempt)
    }

    /// A wrong password (or an unknown name): recorded, and the account locked at the threshold. Returns the error to answer.
    func failed(username: String, user: UserRecord?, context: CallContext) async throws -> RPCError {
        let logger = context.logger
        let threshold = settings.lockoutThreshold
        let locked = try await store.client.transaction(logger: logger) { connection -> Bool in
            var attempts = 0
            var lockedNow = false
            if let user {
                attempts = try await store.user(id: user.id, on: connection, logger: logger)?.failedLogins ?? 0
                if attempts >= threshold { lockedNow = try await store.lock(user.id, on: connection, logger: logger) }
            }
            try await append(.failed, username: username, user: user, attempts: attempts, lockedNow: lockedNow, context: context, on: connection)
            return attempts >= threshold
        }
        return locked ? Self.lockedError(lockout: settings.lockout) : RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS")
    }

    /// The right password clears the attempts counted up to and including this one; guesses counted after it stay
    /// counted. Throws IDENTITY_ACCOUNT_LOCKED (recorded) when parallel wrong guesses locked the account while this
    /// one was being checked.
    func succeeded(username: String, user: UserRecord, attempt: Int, context: CallContext) async throws {
        let logger = context.logger
        let cleared = try await store.client.transaction(logger: logger) { connection -> Bool in
            if try await store.clearAttempts(of: user.id, upTo: attempt, on: connection, logger: logger) { return true }
            try await append(.refused("账号已锁定"), username: username, user: user, attempts: nil, lockedNow: false, context: context, on: connection)
            return false
        }
        if !cleared { throw Self.lockedError(lockout: settings.lockout) }
    }

    /// A refusal with the right password (account disabled, device pending or disabled): recorded, not counted.
    func refused(username: String, user: UserRecord, refusal: String, context: CallContext) async throws {
        try await store.client.transaction(logger: context.logger) { connection in
            try await append(.refused(refusal), username: username, user: user, attempts: nil, lockedNow: false, context: context, on: connection)
        }
    }

    private enum Entry {
        case failed
        case refused(String)
    }

    private func append(
        _ entry: Entry, username: String, user: UserRecord?, attempts: Int?, lockedNow: Bool, context: CallContext, on connection: PostgresConnection
    ) async throws {
        let logger = context.logger
        var details = ["username": String(username.prefix(64))]
        if let attempts, user != nil { details["failures"] = "\(attempts)" }
        let entity = user?.idString ?? ""
        let summary: String
        let action: String
        switch entry {
        case .failed:
            action = "login.failed"
            summary = "账号 \(username) 登录失败（用户名或密码错误）"
        case .refused(let refusal):
            action = "login.refused"
            details["refusal"] = refusal
            summary = "账号 \(username) 登录被拒绝：\(refusal)"
        }
        try await AuditTrail.append(
            AuditEvent(
                actorID: entity, actorName: username, action: action, entityType: "user", entityID: entity, summary: summary, details: details,
                traceID: context.rpc.trace.traceID),
            on: connection, logger: logger)
        if lockedNow {
            try await AuditTrail.append(
                AuditEvent(
                    actorID: "", actorName: "系统", action: "user.locked", entityType: "user", entityID: entity,
                    summary: "账号 \(username) 连续 \(settings.lockoutThreshold) 次登录失败，已锁定", traceID: context.rpc.trace.traceID),
                on: connection, logger: logger)
        }
    }

    static func lockedError(lockout: Duration) -> RPCError {
        let minutes = lockout.components.seconds / 60
        let message =
            minutes == 0 ? "登录失败次数过多，账号已锁定，请联系系统管理员解锁" : "登录失败次数过多，账号已锁定 \(minutes) 分钟，或请系统管理员解锁"
        return RPCError.unauthenticated(message, reason: "IDENTITY_ACCOUNT_LOCKED")
    }
}
