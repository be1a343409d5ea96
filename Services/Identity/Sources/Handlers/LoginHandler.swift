import Auth
import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// Login, refresh and logout.
struct SessionHandlers: Sendable {
    let store: IdentityStore
    let keys: SigningKeyRing
    let settings: IdentitySettings

    /// A hash to verify against when the user does not exist, so a wrong name costs as much time as a wrong password.
    static let decoyHash = (try? PasswordHasher(logN: 15).hash("decoy-password")) ?? ""

    func login(_ request: Metrology_Identity_V1_LoginRequest, _ context: CallContext, _ connection: PostgresConnection) async throws
        -> Metrology_Identity_V1_LoginResponse
    {
        let username = request.username.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !username.isEmpty, !request.password.isEmpty else {
            throw RPCError.invalidArgument("请输入用户名和密码", reason: "IDENTITY_CREDENTIALS_MISSING")
        }
        guard let user = try await store.user(username: username, on: connection, logger: context.logger) else {
            _ = PasswordHasher.verify(request.password, against: Self.decoyHash)
            throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS")
        }
        guard PasswordHasher.verify(request.password, against: user.passwordHash) else {
            throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS")
        }
        guard !user.disabled else { throw RPCError.unauthenticated("该账号已被停用，请联系系统管理员", reason: "IDENTITY_USER_DISABLED") }

        let session = UUID()
        let response = try await issue(for: user, session: session, newSession: true, connection: connection, context: context)
        var started = Metrology_Identity_V1_SessionStarted()
        started.userID = user.id.uuidString.lowercased()
        started.sessionID = session.uuidString.lowercased()
        try await Outbox.append(
            type: "identity.session.started", source: "identity", subject: started.userID, payload: started, trace: context.rpc.trace,
            on: connection, logger: context.logger)
        return response
    }

    func refresh(_ request: Metrology_Identity_V1_RefreshRequest, _ context: CallContext, _ connection: PostgresConnection) async throws
        -> Metrology_Identity_V1_LoginResponse
    {
        guard !request.refreshToken.isEmpty else { throw RPCError.invalidArgument("缺少刷新令牌", reason: "IDENTITY_REFRESH_TOKEN_MISSING") }
        let hash = Self.hash(request.refreshToken)
        guard let (session, userID) = try await store.sessionForRefresh(hash: hash, on: connection, logger: context.logger),
            let user = try await store.user(id: userID, on: connection, logger: context.logger)
        else { throw RPCError.unauthenticated("刷新令牌无效或已过期，请重新登录", reason: "IDENTITY_REFRESH_TOKEN_INVALID") }
        guard !user.disabled else { throw RPCError.unauthenticated("该账号已被停用，请联系系统管理员", reason: "IDENTITY_USER_DISABLED") }
        return try await issue(for: user, session: session, newSession: false, connection: connection, context: context)
    }

    func logout(_ request: Metrology_Identity_V1_LogoutRequest, _ context: CallContext, _ connection: PostgresConnection) async throws
        -> Metrology_Identity_V1_LogoutResponse
    {
        let principal = try context.caller()
        guard let session = UUID(uuidString: principal.sessionID) else { throw RPCError.unauthenticated() }
        try await store.revokeSession(session, on: connection, logger: context.logger)
        return .init()
    }

    /// Issues an access token and a new refresh token for a session (a new one at login, the same one at refresh).
    private func issue(
        for user: UserRecord, session: UUID, newSession: Bool, connection: PostgresConnection, context: CallContext
    ) async throws -> Metrology_Identity_V1_LoginResponse {
        guard let signer = keys.signer else { throw RPCError.unavailable("签名密钥尚未就绪", reason: "IDENTITY_KEYS_NOT_READY") }
        let now = Date()
        let accessExpires = now.addingTimeInterval(Double(settings.accessTokenTTL.components.seconds))
        let refreshExpires = now.addingTimeInterval(Double(settings.refreshTokenTTL.components.seconds))
        let refreshToken = Self.randomToken()
        if newSession {
            try await store.createSession(
                id: session, userID: user.id, refreshTokenHash: Self.hash(refreshToken), expiresAt: refreshExpires, on: connection, logger: context.logger)
        } else {
            try await store.rotateRefreshToken(
                session: session, hash: Self.hash(refreshToken), expiresAt: refreshExpires, on: connection, logger: context.logger)
        }
        let claims = AccessTokenClaims(
            sub: user.id.uuidString.lowercased(), usr: user.username, name: user.displayName, roles: user.roles, perms: user.permissions,
            sid: session.uuidString.lowercased(), iat: Int64(now.timeIntervalSince1970), exp: Int64(accessExpires.timeIntervalSince1970))
        var response = Metrology_Identity_V1_LoginResponse()
        response.accessToken = try signer.sign(claims)
        response.accessTokenExpiresAt = Google_Protobuf_Timestamp(date: accessExpires)
        response.refreshToken = refreshToken
        response.refreshTokenExpiresAt = Google_Protobuf_Timestamp(date: refreshExpires)
        response.user = user.message
        return response
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
