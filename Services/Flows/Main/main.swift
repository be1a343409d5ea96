import FlowsService
import ServiceKit

// The flows executable: configuration from the environment, everything else in FlowsService.
try await FlowsService(settings: try ServiceSettings.fromEnvironment(service: "flows")).run()
