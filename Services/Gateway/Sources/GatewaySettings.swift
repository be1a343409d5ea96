import Foundation
public import ServiceBootstrap

/// METROLOGY_HTTP_HOST [127.0.0.1], METROLOGY_HTTP_PORT [8080] and METROLOGY_CONSOLE_DIR [the console bundled with
/// the gateway; set it to `Services/Gateway/Sources/Resources/console` to edit the console without rebuilding], and
/// the per-address rate limit of the anonymous routes (see RateLimitSettings).
public struct GatewaySettings: Sendable {
    public var host: String
    public var port: Int
    public var consoleDirectory: String?
    public var rateLimit: RateLimitSettings

    public init(host: String = "127.0.0.1", port: Int = 8080, consoleDirectory: String? = nil, rateLimit: RateLimitSettings = .init()) {
        self.host = host
        self.port = port
        self.consoleDirectory = consoleDirectory
        self.rateLimit = rateLimit
    }

    public static func fromEnvironment(_ environment: EnvironmentReader = EnvironmentReader()) throws -> GatewaySettings {
        GatewaySettings(
            host: environment.string("METROLOGY_HTTP_HOST", default: "127.0.0.1"), port: try environment.int("METROLOGY_HTTP_PORT", default: 8080),
            consoleDirectory: environment.optional("METROLOGY_CONSOLE_DIR"), rateLimit: try .fromEnvironment(environment))
    }
}

/// The token bucket per client address in front of login, its challenge and refresh (RateLimitMiddleware):
/// METROLOGY_RATE_LIMIT_BURST [20] requests at once (0 turns the limit off), then METROLOGY_RATE_LIMIT_PER_MINUTE [20]
/// a minute; METROLOGY_RATE_LIMIT_ADDRESSES [10000] addresses remembered at most; METROLOGY_TRUSTED_PROXIES [none]:
/// comma-separated IP addresses of reverse proxies whose `X-Forwarded-For` names the client.
/// The defaults let a whole office behind one address sign in at the start of a shift, and hold one address to a
/// guess every three seconds after its first twenty.
public struct RateLimitSettings: Sendable, Equatable {
    public var burst: Int
    public var perMinute: Int
    public var maxAddresses: Int
    public var trustedProxies: [String]

    public init(burst: Int = 20, perMinute: Int = 20, maxAddresses: Int = 10_000, trustedProxies: [String] = []) {
        self.burst = burst
        self.perMinute = perMinute
        self.maxAddresses = maxAddresses
        self.trustedProxies = trustedProxies
    }

    public var isEnabled: Bool { burst > 0 }

    public static func fromEnvironment(_ environment: EnvironmentReader) throws -> RateLimitSettings {
        let settings = RateLimitSettings(
            burst: try environment.int("METROLOGY_RATE_LIMIT_BURST", default: 20),
            perMinute: try environment.int("METROLOGY_RATE_LIMIT_PER_MINUTE", default: 20),
            maxAddresses: try environment.int("METROLOGY_RATE_LIMIT_ADDRESSES", default: 10_000),
            trustedProxies: (environment.optional("METROLOGY_TRUSTED_PROXIES") ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty })
        guard settings.burst >= 0, settings.perMinute >= 0, settings.maxAddresses >= 2 else {
            throw ConfigurationError("METROLOGY_RATE_LIMIT_BURST and _PER_MINUTE must not be negative, METROLOGY_RATE_LIMIT_ADDRESSES at least 2")
        }
        return settings
    }
}
