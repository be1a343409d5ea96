import CertificatesService
import ServiceBootstrap
import ServiceKit

// The certificates executable: configuration from the environment, everything else in CertificatesService. ServiceMain turns a
// configuration error into one line and exit code 78 (EX_CONFIG), any other error into exit code 1.
await ServiceMain.run("certificates") {
    try await CertificatesService(settings: .fromEnvironment(service: "certificates"), issue: .fromEnvironment()).run()
}
