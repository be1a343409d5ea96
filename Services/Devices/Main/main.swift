import DevicesService
import ServiceKit

// The devices executable: configuration from the environment, everything else in DevicesService.
try await DevicesService(settings: ServiceSettings.fromEnvironmentOrExit(service: "devices")).run()
