import GatewayService
import ServiceKit

// The gateway executable: configuration from the environment, everything else in GatewayService.
try await GatewayService(settings: try ServiceSettings.fromEnvironment(service: "gateway"), http: try GatewaySettings.fromEnvironment()).run()
