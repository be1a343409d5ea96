public import Crypto
import Foundation
public import ServiceBootstrap
import ServiceKit

/// Identity's own settings, beyond what every service reads.
public struct IdentitySettings: Sendable {
    /// METROLOGY_ADMIN_PASSWORD: the first administrator's password; when unset at first start one is generated
    /// and written to `adminPasswordFile` (or stderr when it is a terminal), never to the log.
    public var adminPassword: String?
    /// METROLOGY_ADMIN_PASSWORD_FILE: where a generated first-administrator password is written (mode 0600).
    public var adminPasswordFile: String?
    /// METROLOGY_ACCESS_TOKEN_TTL [900 seconds].
    public var accessTokenTTL: Duration
    /// METROLOGY_REFRESH_TOKEN_TTL [604800 seconds = 7 days].
    public var refreshTokenTTL: Duration
    /// METROLOGY_SESSION_MAX_AGE [43200 seconds = 12 hours]: a session's absolute lifetime; refreshes do not extend it.
    public var sessionMaxAge: Duration = .seconds(43_200)
    /// METROLOGY_SCRYPT_LOG_N [15]: scrypt cost for new password hashes.
    public var scryptLogN: Int
    /// METROLOGY_IDENTITY_DATA_KEY (required): base64 of 32 random bytes; encrypts resident ID numbers. Losing it
    /// loses the numbers; keep it in the operator's secret store, not in the database.
    public var dataKey: SymmetricKey
    /// METROLOGY_LOCKOUT_THRESHOLD [5]: failed logins in a row that lock an account.
    public var lockoutThreshold: Int
    /// METROLOGY_LOCKOUT_MINUTES [30]: how long a lockout lasts unless an administrator unlocks; 0 = until unlocked.
    public var lockout: Duration
    /// METROLOGY_SIGNATURE_CHALLENGE_TTL [120 seconds]: how long a signature challenge may be answered.
    public var challengeTTL: Duration
    /// The clock challenge expiry reads; METROLOGY_TEST_CLOCK_OFFSET_FILE (test stacks only) shifts it.
    public var challengeClock = ChallengeClock()
    /// METROLOGY_SIGNING_KEY_ROTATION_DAYS [30]: age at which the token and receipt signing key is replaced.
    public var signingKeyRotation: Duration
    /// IDENTITY_WEBAUTHN_RP_ID [localhost]: the WebAuthn relying party id, the host (or a registrable suffix of it) the
    /// mobile app is served from; credentials are bound to it, so changing it orphans every registered credential.
    public var webAuthnRPID = "localhost"
    /// IDENTITY_WEBAUTHN_ORIGINS [http://localhost:8080]: comma-separated origins (scheme://host[:port]) the browser may
    /// report in WebAuthn client data; `deploy/local` sets the gateway's own.
    public var webAuthnOrigins: Set<String> = ["http://localhost:8080"]
    /// The relying party name the authenticator shows.
    public var webAuthnRPName = "计量业务平台"

    public init(
        adminPassword: String? = nil, accessTokenTTL: Duration = .seconds(900), refreshTokenTTL: Duration = .seconds(604_800), scryptLogN: Int = 15,
        dataKey: SymmetricKey, lockoutThreshold: Int = 5, lockout: Duration = .seconds(1_800), challengeTTL: Duration = .seconds(120),
        signingKeyRotation: Duration = .seconds(30 * 86_400)
    ) {
        self.adminPassword = adminPassword
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.scryptLogN = scryptLogN
        self.dataKey = dataKey
        self.lockoutThreshold = lockoutThreshold
        self.lockout = lockout
        self.challengeTTL = challengeTTL
        self.signingKeyRotation = signingKeyRotation
    }

    public static func fromEnvironment(_ environment: EnvironmentReader = EnvironmentReader()) throws -> IdentitySettings {
        let logN = try environment.int("METROLOGY_SCRYPT_LOG_N", default: 15)
        guard (12...20).contains(logN) else { throw ConfigurationError("METROLOGY_SCRYPT_LOG_N must be between 12 and 20") }
        guard let encoded = environment.optional("METROLOGY_IDENTITY_DATA_KEY"), let key = Data(base64Encoded: encoded), key.count == 32 else {
            throw ConfigurationError("METROLOGY_IDENTITY_DATA_KEY must be set to base64 of 32 random bytes (e.g. `head -c 32 /dev/urandom | base64`)")
        }
        let threshold = try environment.int("METROLOGY_LOCKOUT_THRESHOLD", default: 5)
        guard (3...20).contains(threshold) else { throw ConfigurationError("METROLOGY_LOCKOUT_THRESHOLD must be between 3 and 20") }
        var settings = IdentitySettings(
            adminPassword: environment.optional("METROLOGY_ADMIN_PASSWORD"),
            accessTokenTTL: .seconds(try environment.int("METROLOGY_ACCESS_TOKEN_TTL", default: 900)),
            refreshTokenTTL: .seconds(try environment.int("METROLOGY_REFRESH_TOKEN_TTL", default: 604_800)),
            scryptLogN: logN, dataKey: SymmetricKey(data: key), lockoutThreshold: threshold,
            lockout: .seconds(try environment.int("METROLOGY_LOCKOUT_MINUTES", default: 30) * 60),
            challengeTTL: .seconds(try environment.int("METROLOGY_SIGNATURE_CHALLENGE_TTL", default: 120)),
            signingKeyRotation: .seconds(max(1, try environment.int("METROLOGY_SIGNING_KEY_ROTATION_DAYS", default: 30)) * 86_400))
        settings.adminPasswordFile = environment.optional("METROLOGY_ADMIN_PASSWORD_FILE")
        let maxAge = try environment.int("METROLOGY_SESSION_MAX_AGE", default: 43_200)
        guard maxAge >= 300 else { throw ConfigurationError("METROLOGY_SESSION_MAX_AGE must be at least 300 seconds") }
        settings.sessionMaxAge = .seconds(maxAge)
        settings.challengeClock = ChallengeClock(offsetFile: environment.optional("METROLOGY_TEST_CLOCK_OFFSET_FILE"))
        if let rpID = environment.optional("IDENTITY_WEBAUTHN_RP_ID")?.trimmingCharacters(in: .whitespaces), !rpID.isEmpty {
            guard !rpID.contains("/"), !rpID.contains(":") else {
                throw ConfigurationError("IDENTITY_WEBAUTHN_RP_ID must be a host name (e.g. lab.example.cn), without scheme or port")
            }
            settings.webAuthnRPID = rpID.lowercased()
        }
        if let origins = environment.optional("IDENTITY_WEBAUTHN_ORIGINS") {
            let list = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty, list.allSatisfy({ $0.hasPrefix("https://") || $0.hasPrefix("http://") }), list.allSatisfy({ !$0.hasSuffix("/") })
            else {
                throw ConfigurationError(
                    "IDENTITY_WEBAUTHN_ORIGINS must list origins such as https://lab.example.cn (no trailing slash), comma-separated")
            }
            settings.webAuthnOrigins = Set(list)
        }
        return settings
    }
}
