import RecordsService
import ServiceBootstrap
import ServiceKit

// The records executable: configuration from the environment, everything else in RecordsService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("records") {
    try await RecordsService(settings: .fromEnvironment(service: "records")).run()
}
