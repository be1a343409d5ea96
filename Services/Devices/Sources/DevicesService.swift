import Contracts
import Foundation
import ServiceKit

/// The devices service: 设备管理（§4.2.6）.
public struct DevicesService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let whoAmI = WhoAmIHandler()
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            routes: { router in
                router.query(WhoAmIMethods.devices, access: .authenticated, whoAmI.whoAmI)
            })
    }
}
