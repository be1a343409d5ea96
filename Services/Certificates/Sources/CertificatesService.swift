import Contracts
import Foundation
import ServiceKit

/// The certificates service: 证书管理（§4.2.4）.
public struct CertificatesService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let whoAmI = WhoAmIHandler()
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            routes: { router in
                router.query(WhoAmIMethods.certificates, access: .authenticated, whoAmI.whoAmI)
            })
    }
}
