import ServiceKit

/// Identity's own settings, beyond what every service reads.
public struct IdentitySettings: Sendable {
    /// METROLOGY_ADMIN_PASSWORD: the first administrator's password; when unset at first start one is generated
    /// and logged once.
    public var adminPassword: String?
    /// METROLOGY_ACCESS_TOKEN_TTL [900 seconds].
    public var accessTokenTTL: Duration
    /// METROLOGY_REFRESH_TOKEN_TTL [604800 seconds = 7 days].
    public var refreshTokenTTL: Duration
    /// METROLOGY_SCRYPT_LOG_N [15]: scrypt cost for new password hashes.
    public var scryptLogN: Int

    public init(adminPassword: String? = nil, accessTokenTTL: Duration = .seconds(900), refreshTokenTTL: Duration = .seconds(604_800), scryptLogN: Int = 15) {
        self.adminPassword = adminPassword
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.scryptLogN = scryptLogN
    }

    public static func fromEnvironment(_ environment: EnvironmentReader = EnvironmentReader()) throws -> IdentitySettings {
        let logN = try environment.int("METROLOGY_SCRYPT_LOG_N", default: 15)
        guard (12...20).contains(logN) else { throw ConfigurationError("METROLOGY_SCRYPT_LOG_N must be between 12 and 20") }
        return IdentitySettings(
            adminPassword: environment.optional("METROLOGY_ADMIN_PASSWORD"),
            accessTokenTTL: .seconds(try environment.int("METROLOGY_ACCESS_TOKEN_TTL", default: 900)),
            refreshTokenTTL: .seconds(try environment.int("METROLOGY_REFRESH_TOKEN_TTL", default: 604_800)),
            scryptLogN: logN)
    }
}
