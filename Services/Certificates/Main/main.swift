import CertificatesService
import ServiceKit

// The certificates executable: configuration from the environment, everything else in CertificatesService.
try await CertificatesService(settings: ServiceSettings.fromEnvironmentOrExit(service: "certificates")).run()
