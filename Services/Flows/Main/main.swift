import FlowsService
import ServiceBootstrap
import ServiceKit

// The flows executable: configuration from the environment, everything else in FlowsService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("flows") {
    try await FlowsService(settings: .fromEnvironment(service: "flows")).run()
}
