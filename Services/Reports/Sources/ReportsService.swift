import Contracts
import Foundation
import ServiceKit

/// The reports service: 统计报表（§4.2.5）.
public struct ReportsService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let whoAmI = WhoAmIHandler()
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            routes: { router in
                router.query(WhoAmIMethods.reports, access: .authenticated, whoAmI.whoAmI)
            })
    }
}
