import ServiceKit

/// METROLOGY_HTTP_HOST [127.0.0.1] and METROLOGY_HTTP_PORT [8080], plus the settings every service reads.
public struct GatewaySettings: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    public static func fromEnvironment(_ environment: EnvironmentReader = EnvironmentReader()) throws -> GatewaySettings {
        GatewaySettings(host: environment.string("METROLOGY_HTTP_HOST", default: "127.0.0.1"), port: try environment.int("METROLOGY_HTTP_PORT", default: 8080))
    }
}
