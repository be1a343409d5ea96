import ReportsService
import ServiceBootstrap
import ServiceKit

// The reports executable: configuration from the environment, everything else in ReportsService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("reports") {
    try await ReportsService(settings: .fromEnvironment(service: "reports")).run()
}
