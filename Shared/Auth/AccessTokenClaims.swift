public import Foundation

/// What an access token says about its bearer. Every service reads these after checking the signature locally.
public struct AccessTokenClaims: Codable, Sendable, Equatable {
    /// Issuer; always "metrology-identity".
    public var iss: String
    /// User id.
    public var sub: String
    /// Account name.
    public var usr: String
    /// Printed name.
    public var name: String
    public var roles: [String]
    public var perms: [String]
    /// Session id; logout and disabling end the session.
    public var sid: String
    /// Device id for mobile sessions (the devices issue binds tokens to them).
    public var dev: String?
    /// Issued at and expires, seconds since the epoch.
    public var iat: Int64
    public var exp: Int64
    /// Token id.
    public var jti: String
    /// Present (true) while the user must change an administrator-set password before doing anything else (issue 14
    /// §10); absent otherwise, so tokens issued before the claim existed read as "no change required".
    public var pwc: Bool?
    /// 监管区域 of a government supervisor (issue 19): the GB/T 2260 prefix that limits what reports shows them. Only
    /// a holder of the supervisor role carries it; absent for everyone else, so older tokens still decode.
    public var rgn: String?

    /// The bearer must change their password first: every service refuses all but the change itself and self reads.
    public var mustChangePassword: Bool { pwc == true }

    public init(
        sub: String, usr: String, name: String, roles: [String], perms: [String], sid: String, dev: String? = nil, iat: Int64, exp: Int64,
        jti: String = UUID().uuidString, mustChangePassword: Bool = false, supervisionRegion: String? = nil
    ) {
        self.iss = AccessTokenClaims.issuer
        self.sub = sub
        self.usr = usr
        self.name = name
        self.roles = roles
        self.perms = perms
        self.sid = sid
        self.dev = dev
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.pwc = mustChangePassword ? true : nil
        self.rgn = supervisionRegion
    }

    public static let issuer = "metrology-identity"
}
