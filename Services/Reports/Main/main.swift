import ReportsService
import ServiceKit

// The reports executable: configuration from the environment, everything else in ReportsService.
try await ReportsService(settings: ServiceSettings.fromEnvironmentOrExit(service: "reports")).run()
