import Auth
import Hummingbird
import Logging
import Messaging
public import ServiceBootstrap
import ServiceLifecycle
import UnixSignals

/// The gateway executable's body: an HTTP server in front of the services' RPC queues. It owns no schema.
public struct GatewayService: Sendable {
    public let settings: ServiceSettings
    public let http: GatewaySettings

    public init(settings: ServiceSettings, http: GatewaySettings) {
        self.settings = settings
        self.http = http
    }

    public func run() async throws {
        Observability.bootstrap(logLevel: settings.logLevel)
        var logger = Logger(label: "metrology.gateway")
        logger[metadataKey: "instance"] = "\(settings.instanceID)"
        let client = RPCClient(configuration: settings.amqp.named("gateway-\(settings.instanceID)"), logger: logger)
        client.start()
        let verifier = TokenVerifier.fetchingIdentityKeys(client: client)
        let router = try GatewayApplication.buildRouter(
            backend: client, verifier: verifier, consoleDirectory: http.consoleDirectory, rateLimit: http.rateLimit)
        // The gateway refuses revoked tokens early too; the services refuse them regardless.
        var services: [any Service] = [
            RevocationListener(
                service: "gateway", instanceID: settings.instanceID, configuration: settings.amqp, client: client, revocations: verifier.revocations,
                logger: logger)
        ]
        if settings.metricsPort > 0 {
            services.append(MetricsEndpoint.application(host: settings.metricsHost, port: settings.metricsPort, logger: logger))
        }
        let app = Application(
            router: router, server: GatewayApplication.server,
            configuration: .init(address: .hostname(http.host, port: http.port), serverName: "metrology-gateway"), services: services,
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        await client.close()
    }
}
