import DevicesService
import ServiceBootstrap
import ServiceKit

// The devices executable: configuration from the environment, everything else in DevicesService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("devices") {
    try await DevicesService(settings: .fromEnvironment(service: "devices")).run()
}
