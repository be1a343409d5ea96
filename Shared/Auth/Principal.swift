import Messaging

/// The verified caller of an RPC.
public struct Principal: Sendable, Equatable {
    public let userID: String
    public let username: String
    public let displayName: String
    public let roles: [String]
    public let permissions: Set<Permission>
    public let sessionID: String
    public let deviceID: String?
    /// The raw token, to pass on when this service calls another on the user's behalf.
    public let accessToken: String

    public init(claims: AccessTokenClaims, token: String) {
        userID = claims.sub
        username = claims.usr
        displayName = claims.name
        roles = claims.roles
        permissions = Set(claims.perms.map(Permission.init))
        sessionID = claims.sid
        deviceID = claims.dev
        accessToken = token
    }

    public func has(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Throws PERMISSION_DENIED naming the missing permission.
    public func require(_ permission: Permission) throws {
        guard has(permission) else {
            let title = Permission.catalogue.first { $0.0 == permission }?.1 ?? permission.code
            throw RPCError(code: .permissionDenied, message: "没有“\(title)”权限", reason: "PERMISSION_DENIED", details: ["permission": permission.code])
        }
    }
}
