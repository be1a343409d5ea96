import Foundation
import IdentityService
import ServiceKit

// The identity executable: configuration from the environment, everything else in IdentityService.
// A configuration mistake is reported in one line and exits with EX_CONFIG (78), not as a crash.
let service: IdentityService
do {
    service = IdentityService(settings: try ServiceSettings.fromEnvironment(service: "identity"), identity: try IdentitySettings.fromEnvironment())
} catch {
    FileHandle.standardError.write(Data("identity: configuration error: \(error)\n".utf8))
    exit(78)
}
try await service.run()
