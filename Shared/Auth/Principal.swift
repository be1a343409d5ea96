import RPCCore

/// The verified caller of an RPC.
public struct Principal: Sendable, Equatable {
    public let userID: String
    public let username: String
    public let displayName: String
    public let roles: [String]
    public let permissions: Set<Permission>
    public let sessionID: String
    public let deviceID: String?
    /// An administrator set this user's password: until they change it, services answer only the change itself and
    /// self reads (see ServiceKit's `PendingPasswordChange`).
    public let mustChangePassword: Bool
    /// 监管区域 (the token's `rgn`): set for a government supervisor, nil for everyone else.
    public let supervisionRegion: String?
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
        mustChangePassword = claims.mustChangePassword
        supervisionRegion = claims.rgn
        accessToken = token
    }

    /// A mobile token is bound to its device (issue 14 §9): a request bearing it must say it comes from that device
    /// (RpcRequest.device_id, which the gateway fills from X-Device-Id). Leaving the device out is refused as
    /// firmly as naming another one, or a stolen token would work anywhere by simply omitting it.
    public func requireDevice(claimed: String?) throws {
        guard let deviceID else { return }
        guard let claimed, !claimed.isEmpty else {
            throw RPCError.unauthenticated("该访问令牌绑定了移动设备，请求必须携带设备标识（X-Device-Id）", reason: "TOKEN_DEVICE_MISSING")
        }
        guard claimed == deviceID else {
            throw RPCError.unauthenticated("访问令牌属于另一台设备，请在本设备重新登录", reason: "TOKEN_DEVICE_MISMATCH")
        }
    }

    /// The role code of 政府监督员 (seed 000 §4.2.2.3 f).
    public static let supervisorRole = "supervisor"

    /// A government supervisor: reports limits them to mandatory verification in their region (`supervisionRegion`).
    public var isSupervisor: Bool { roles.contains(Self.supervisorRole) }

    public func has(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Throws PERMISSION_DENIED naming the missing permission.
    public func require(_ permission: Permission) throws {
        guard has(permission) else {
            let title = Permission.catalogue.first { $0.0 == permission }?.1 ?? permission.code
            throw RPCError(code: .permissionDenied, message: "没有“\(title)”权限", reason: "PERMISSION_DENIED", details: ["permission": permission.code])
        }
    }
}
