import Contracts
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The reports service: 统计报表（§4.2.5, §4.3.13）on a read model kept from records' and certificates' events.
public struct ReportsService: Sendable {
    public let runtime: ServiceRuntime
    let projector: ReadModelProjector<ResultsReadModel>
    let rebuilder: ReadModelRebuilder

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
        projector = ReadModelProjector(model: ResultsReadModel(), service: settings.service, database: runtime.database, logger: runtime.logger)
        let client = runtime.client
        rebuilder = ReadModelRebuilder(
            projector: projector, logs: { RemoteEventLog(client: client, service: $0) }, database: runtime.database, logger: runtime.logger)
    }

    public func run() async throws {
        let consumer = projector.consumer(
            configuration: runtime.settings.amqp, queueArguments: runtime.settings.queueArguments, redelivery: runtime.redelivery)
        let client = runtime.client
        let handlers = projector.model.handlers
        let lag = LagMonitor(
            database: runtime.database, logs: { RemoteEventLog(client: client, service: $0) }, inbox: projector.inbox,
            declaredTypes: Set(handlers.routingKeys), producers: Set(handlers.declarations.map(\.producer)).sorted(), interval: .seconds(5),
            logger: runtime.logger)
        let pusher = FeedPusher(configuration: runtime.settings.amqp, database: runtime.database, logger: runtime.logger)
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module), routes: routes, services: [consumer, lag, rebuilder, pusher])
    }

    /// The RPC table: every rpc of reports.proto has its handler here (ServiceShapeTests fails otherwise), each
    /// feature registering its own from its folder.
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        router.query(WhoAmIMethods.reports, access: .authenticated, whoAmI.whoAmI)
        let store = StatisticsStore(database: runtime.database)
        StatisticsHandlers(store: store).register(on: &router)
        ExportHandlers(store: store, spool: ExportSpool(database: runtime.database)).register(on: &router)
        SavedReportHandlers(store: store).register(on: &router)
        ReadModelHandlers(database: runtime.database, rebuilder: rebuilder).register(on: &router)
        FeedAndEvaluationRoutes.register(&router, database: runtime.database)
    }
}
