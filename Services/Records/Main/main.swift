import RecordsService
import ServiceKit

// The records executable: configuration from the environment, everything else in RecordsService.
try await RecordsService(settings: ServiceSettings.fromEnvironmentOrExit(service: "records")).run()
