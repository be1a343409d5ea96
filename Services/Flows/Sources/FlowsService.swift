import Contracts
import Foundation
import ServiceKit

/// The flows service: 检测设置（§4.2.3）.
public struct FlowsService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let whoAmI = WhoAmIHandler()
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            routes: { router in
                router.query(WhoAmIMethods.flows, access: .authenticated, whoAmI.whoAmI)
            })
    }
}
