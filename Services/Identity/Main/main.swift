import IdentityService
import ServiceKit

// The identity executable: configuration from the environment, everything else in IdentityService.
let service = IdentityService(settings: try ServiceSettings.fromEnvironment(service: "identity"), identity: try IdentitySettings.fromEnvironment())
try await service.run()
