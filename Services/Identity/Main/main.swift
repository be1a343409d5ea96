import IdentityService
import ServiceBootstrap
import ServiceKit

// The identity executable: configuration from the environment, everything else in IdentityService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("identity") {
    try await IdentityService(settings: .fromEnvironment(service: "identity"), identity: .fromEnvironment()).run()
}
