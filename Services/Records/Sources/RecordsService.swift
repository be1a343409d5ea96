import Contracts
import Foundation
import ServiceKit

/// The records service: 原始记录（§4.3.9–§4.3.11）.
public struct RecordsService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let whoAmI = WhoAmIHandler()
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            routes: { router in
                router.query(WhoAmIMethods.records, access: .authenticated, whoAmI.whoAmI)
            })
    }
}
