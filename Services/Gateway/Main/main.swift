import GatewayService
import ServiceBootstrap

// The gateway executable: configuration from the environment, everything else in GatewayService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("gateway") {
    try await GatewayService(settings: .fromEnvironment(service: "gateway", usesDatabase: false), http: .fromEnvironment()).run()
}
