import Contracts
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The records service: 原始记录（§4.3.9–§4.3.11）.
public struct RecordsService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        let consumer = runtime.eventConsumer(subscriber: "certificates", handlers: CertificateEvents().handlers)
        try await runtime.run(migrations: try ServiceRuntime.migrations(in: .module), routes: routes, services: [consumer])
    }

    /// The RPC table: every rpc of records.proto has its handler here (ServiceShapeTests fails otherwise), each
    /// feature registering its own from its folder.
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        router.query(WhoAmIMethods.records, access: .authenticated, whoAmI.whoAmI)
        CustomerHandlers(database: runtime.database).register(on: &router)
        InstrumentHandlers(database: runtime.database).register(on: &router)
        CommissionHandlers(database: runtime.database).register(on: &router)
        TaskHandlers(database: runtime.database).register(on: &router)
        EntryHandlers(database: runtime.database).register(on: &router)
        SubmissionHandlers(database: runtime.database).register(on: &router)
    }
}
