import FlowsService
import ServiceKit

// The flows executable: configuration from the environment, everything else in FlowsService.
try await FlowsService(settings: ServiceSettings.fromEnvironmentOrExit(service: "flows")).run()
