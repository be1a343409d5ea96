import Auth
import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Login, refresh and logout.
struct SessionHandlers: Sendable {
    let store: IdentityStore
    let keys: SigningKeyRing
    let settings: IdentitySettings
    let failures: FailedLogins
    let hasher: PasswordHasher
    let devices: DeviceGate
    /// Login runs its write itself, after the steps that must not hold a connection.
    let writer: IdempotentWriter
    let proof: DeviceProof

    /// A hash to verify against when the user does not exist, so a wrong name costs as much time as a wrong password.
    static let decoyHash = (try? PasswordHasher(logN: 15).hash("decoy-password")) ?? ""

    /// Login, registered raw rather than as a write: the attempt is counted, the password checked and the device
    /// admitted before the session's write opens its transaction, each step on a connection of its own that it gives
    /// back before the next (a handler holding one pooled connection while it waits for a second deadlocks the pool
    /// under a burst of logins, issue 14 §2), and a refusal stays recorded although the call fails.
    func login(_ payload: [UInt8], _ rpc: RPCContext) async throws -> [UInt8] {
        let request: Metrology_Identity_V1_LoginRequest
        do { request = try .init(serializedBytes: payload) } catch { throw MalformedPayload(method: IdentityMethods.login.fullName) }
        // Registered raw, so the router's NUL check does not run for it: a NUL username was a 500 (SQLSTATE 22021).
        try NULBackstop.check(request)
        let context = CallContext(rpc: rpc, principal: nil)
        let username = request.username.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !username.isEmpty, !request.password.isEmpty else {
            throw RPCError.invalidArgument("请输入用户名和密码", reason: "IDENTITY_CREDENTIALS_MISSING")
        }
        let user: UserRecord
        let attempt: Int
        switch try await failures.admit(username: username, context: context) {
        case .unknown:
            _ = await PasswordHasher.verifyInBackground(request.password, against: Self.decoyHash)
            throw try await failures.failed(username: username, user: nil, context: context)
        case .admitted(let found, let number):
            user = found
            attempt = number
        }
        guard await PasswordHasher.verifyInBackground(request.password, against: user.passwordHash) else {
            throw try await failures.failed(username: username, user: user, context: context)
        }
        try await failures.succeeded(username: username, user: user, attempt: attempt, context: context)
        guard user.isActive else {
            try await failures.refused(username: username, user: user, refusal: "账号已停用", context: context)
            throw RPCError.unauthenticated("该账号已被停用，请联系系统管理员", reason: "IDENTITY_USER_DISABLED")
        }

        // A mobile login: the device must be known and enabled (§4.3.4); the session is bound to it.
        var device: Metrology_Devices_V1_Device?
        if request.hasDevice {
            let fingerprint: String
            do {
                fingerprint = try await proof.verify(request, context: context)
            } catch let error as RPCError {
                try await failures.refused(username: username, user: user, refusal: "设备未能证明持有其密钥（\(error.reason)）", context: context)
                throw error
            }
            let admitted = try await devices.admit(request.device, user: user, username: username, context: context, failures: failures)
            guard admitted.keyFingerprint == fingerprint else {
                try await failures.refused(username: username, user: user, refusal: "设备密钥与登记的不一致", context: context)
                throw RPCError.unauthenticated("设备签名密钥与该设备登记的密钥不一致", reason: "IDENTITY_DEVICE_KEY_MISMATCH")
            }
            device = admitted
        }
        return try await writer.once(messageID: rpc.messageID, method: IdentityMethods.login.fullName, request: payload, logger: rpc.logger) {
            connection in
            try await startSession(for: user, device: device, context: context, connection: connection).serializedBytes()
        }
    }

    /// The login's write: the session, its tokens, the event and the audit entry, in one transaction.
    private func startSession(
        for user: UserRecord, device: Metrology_Devices_V1_Device?, context: CallContext, connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_LoginResponse {
        let deviceID = device?.id
        let session = UUID()
        let endsAt = Date().addingTimeInterval(Double(settings.sessionMaxAge.components.seconds))
        let response = try await issue(
            for: user, session: session, device: deviceID, endsAt: endsAt, rotation: .new(deviceKeyID: device?.keyID), connection: connection,
            context: context)
        let sessionID = session.uuidString.lowercased()
        try await SessionEvents.started(session: sessionID, user: user.idString, trace: context.rpc.trace, on: connection, logger: context.logger)
        try await AuditTrail.append(
            AuditEvent(
                actorID: user.idString, actorName: "\(user.displayName)（\(user.username)）", action: "login.succeeded", entityType: "user",
                entityID: user.idString, summary: "\(user.displayName) 登录成功\(deviceID == nil ? "" : "（移动设备）")",
                details: ["session": sessionID, "device": deviceID ?? ""],
                traceID: context.rpc.trace.traceID),
            on: connection, logger: context.logger)
        return response
    }

    func logout(
        _ request: Metrology_Identity_V1_LogoutRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_LogoutResponse
    {
        let principal = try context.caller()
        guard let session = UUID(uuidString: principal.sessionID) else { throw RPCError.unauthenticated() }
        try await store.revokeSession(session, on: connection, logger: context.logger)
        try await SessionEvents.revoked(
            session: principal.sessionID, user: principal.userID, trace: context.rpc.trace, on: connection, logger: context.logger)
        try await context.audit(
            "logout", entityType: "user", entityID: principal.userID, summary: "\(principal.displayName) 退出登录",
            details: ["session": principal.sessionID],
            on: connection)
        return .init()
    }

    func changePassword(
        _ request: Metrology_Identity_V1_ChangePasswordRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_ChangePasswordResponse
    {
        let principal = try context.caller()
        guard let id = UUID(uuidString: principal.userID), let user = try await store.user(id: id, lock: true, on: connection, logger: context.logger)
        else { throw RPCError.notFound("用户不存在", reason: "IDENTITY_USER_NOT_FOUND") }
        guard await PasswordHasher.verifyInBackground(request.currentPassword, against: user.passwordHash) else {
            throw RPCError.invalidArgument("当前密码不正确", reason: "IDENTITY_CURRENT_PASSWORD_WRONG", details: ["field": "currentPassword"])
        }
        try PasswordPolicy.check(request.newPassword, username: user.username)
        guard request.newPassword != request.currentPassword else {
            throw RPCError.invalidArgument("新密码不能与当前密码相同", reason: "IDENTITY_PASSWORD_UNCHANGED", details: ["field": "newPassword"])
        }
        // The user's own choice: a pending "change at next login" is satisfied; the next refresh drops the claim.
        try await store.setPassword(
            of: id, hash: try await hasher.hashInBackground(request.newPassword), mustChange: false, on: connection, logger: context.logger)
        // Whoever else holds a session of this account (perhaps the reason for the change) is signed out; the caller's
        // own session stays (issue 14 §10). Each ended session is announced as a logout is.
        let ended = try await store.revokeSessions(of: id, except: UUID(uuidString: principal.sessionID), on: connection, logger: context.logger)
        for session in ended {
            try await SessionEvents.revoked(
                session: session.uuidString.lowercased(), user: principal.userID, trace: context.rpc.trace, on: connection, logger: context.logger)
        }
        try await context.audit(
            "user.password_changed", entityType: "user", entityID: user.idString, summary: "\(user.displayName) 修改了自己的密码",
            details: ["otherSessionsEnded": "\(ended.count)"], on: connection)
        return .init()
    }

    func listRevocations(
        _ request: Metrology_Identity_V1_ListRevocationsRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_ListRevocationsResponse
    {
        // Tokens live at most accessTokenTTL; add the verifiers' leeway so nothing slips through at the edge.
        let window = settings.accessTokenTTL + .seconds(120)
        let (sessions, users, devices) = try await store.revocations(within: window, logger: context.logger)
        var response = Metrology_Identity_V1_ListRevocationsResponse()
        response.revokedSessionIds = sessions.map { $0.uuidString.lowercased() }
        response.revokedUsers = users.map { user, since in
            var revocation = Metrology_Identity_V1_UserRevocation()
            revocation.userID = user.uuidString.lowercased()
            revocation.since = Google_Protobuf_Timestamp(date: since)
            return revocation
        }
        response.revokedDevices = devices.map { device, since in
            var revocation = Metrology_Identity_V1_UserRevocation()
            revocation.userID = device
            revocation.since = Google_Protobuf_Timestamp(date: since)
            return revocation
        }
        return response
    }

    /// How `issue` stores the new refresh token: a new session, or a rotation that remembers the traded token.
    enum Rotation {
        case new(deviceKeyID: String?)
        case rotate(from: Data, messageID: String)
    }

    /// Issues an access token and a new refresh token for a session; neither outlives the session's absolute end.
    func issue(
        for user: UserRecord, session: UUID, device: String?, endsAt: Date, rotation: Rotation, connection: PostgresConnection, context: CallContext
    ) async throws -> Metrology_Identity_V1_LoginResponse {
        guard let signer = keys.signer else { throw RPCError.unavailable("签名密钥尚未就绪", reason: "IDENTITY_KEYS_NOT_READY") }
        // Revocation works in whole seconds (a token's iat): a token issued in the same second as a revocation would
        // be refused, so wait for the next second.
        if let revoked = user.tokensRevokedAt, revoked.timeIntervalSince1970.rounded(.down) >= Date().timeIntervalSince1970.rounded(.down) {
            let next = revoked.timeIntervalSince1970.rounded(.down) + 1.001
            try await Task.sleep(for: .milliseconds(Int(max(0, next - Date().timeIntervalSince1970) * 1000)))
        }
        let now = Date()
        let accessExpires = min(endsAt, now.addingTimeInterval(Double(settings.accessTokenTTL.components.seconds)))
        let refreshExpires = min(endsAt, now.addingTimeInterval(Double(settings.refreshTokenTTL.components.seconds)))
        let refreshToken = Self.randomToken()
        switch rotation {
        case .new(let deviceKeyID):
            try await store.createSession(
                id: session, userID: user.id, device: device, deviceKeyID: deviceKeyID, refreshTokenHash: Self.hash(refreshToken),
                expiresAt: refreshExpires,
                endsAt: endsAt, on: connection, logger: context.logger)
        case .rotate(let old, let messageID):
            try await store.rotateRefreshToken(
                session: session, from: old, to: Self.hash(refreshToken), expiresAt: refreshExpires, messageID: messageID, on: connection,
                logger: context.logger)
        }
        var response = Metrology_Identity_V1_LoginResponse()
        response.accessToken = try signer.sign(Self.claims(for: user, session: session, device: device, issued: now, expires: accessExpires))
        response.accessTokenExpiresAt = Google_Protobuf_Timestamp(date: accessExpires)
        response.refreshToken = refreshToken
        response.refreshTokenExpiresAt = Google_Protobuf_Timestamp(date: refreshExpires)
        response.user = user.message(lockout: settings.lockout)
        response.deviceID = device ?? ""
        // Read from the row each time, so the refresh after ChangePassword issues a token without the claim.
        response.mustChangePassword = user.mustChangePassword
        return response
    }

    static func claims(for user: UserRecord, session: UUID, device: String?, issued: Date, expires: Date) -> AccessTokenClaims {
        AccessTokenClaims(
            sub: user.idString, usr: user.username, name: user.displayName, roles: user.roles, perms: user.permissions,
            sid: session.uuidString.lowercased(), dev: device, iat: Int64(issued.timeIntervalSince1970), exp: Int64(expires.timeIntervalSince1970),
            mustChangePassword: user.mustChangePassword,
            supervisionRegion: user.roles.contains(SupervisionRegion.roleCode) && !user.supervisionRegion.isEmpty ? user.supervisionRegion : nil)
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Refresh tokens are stored as SHA-256: a leaked table does not leak live tokens.
    static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}
