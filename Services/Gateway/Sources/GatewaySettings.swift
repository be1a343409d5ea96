import ServiceKit

/// METROLOGY_HTTP_HOST [127.0.0.1], METROLOGY_HTTP_PORT [8080] and METROLOGY_CONSOLE_DIR [the console bundled with
/// the gateway; set it to `Services/Gateway/Sources/Resources/console` to edit the console without rebuilding].
public struct GatewaySettings: Sendable {
    public var host: String
    public var port: Int
    public var consoleDirectory: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, consoleDirectory: String? = nil) {
        self.host = host
        self.port = port
        self.consoleDirectory = consoleDirectory
    }

    public static func fromEnvironment(_ environment: EnvironmentReader = EnvironmentReader()) throws -> GatewaySettings {
        return GatewaySettings(
            host: environment.string("METROLOGY_HTTP_HOST", default: "127.0.0.1"), port: try environment.int("METROLOGY_HTTP_PORT", default: 8080),
            consoleDirectory: environment.optional("METROLOGY_CONSOLE_DIR"))
    }
}
