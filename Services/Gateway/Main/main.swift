import GatewayService
import ServiceKit

// The gateway executable: configuration from the environment, everything else in GatewayService.
try await GatewayService(settings: ServiceSettings.fromEnvironmentOrExit(service: "gateway", usesDatabase: false), http: try GatewaySettings.fromEnvironment()).run()
