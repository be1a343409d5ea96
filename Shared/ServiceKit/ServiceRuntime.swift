public import Auth
import Contracts
import Crypto
public import Foundation
public import Logging
public import Messaging
public import Persistence
public import PostgresNIO
import RPCCore
public import ServiceBootstrap
public import ServiceLifecycle
public import UnixSignals

/// Everything one service instance runs: its database pool and migrations, its RPC server, the outbox relay, the
/// audit sealer, the metrics endpoint and whatever the service adds, under one ServiceGroup that shuts down
/// gracefully on SIGTERM.
public final class ServiceRuntime: Sendable {
    public let settings: ServiceSettings
    public let logger: Logger
    public let database: PostgresClient
    public let writer: IdempotentWriter
    /// Calls other services (and identity, for signing keys).
    public let client: RPCClient
    public let verifier: TokenVerifier
    public let relay: OutboxRelay
    public let redelivery: PostgresRedeliveryTracker
    /// Applies identity's revocation events to `verifier.revocations`.
    public let revocationListener: RevocationListener

    public init(settings: ServiceSettings, verifier: TokenVerifier? = nil) {
        Observability.bootstrap(logLevel: settings.logLevel)
        var logger = Logger(label: "metrology.\(settings.service)")
        logger[metadataKey: "instance"] = "\(settings.instanceID)"
        self.settings = settings
        self.logger = logger
        database = settings.database.makeClient(logger: logger)
        writer = IdempotentWriter(client: database)
        let client = RPCClient(configuration: settings.amqp.named("\(settings.service)-client-\(settings.instanceID)"), logger: logger)
        self.client = client
        self.verifier = verifier ?? Self.identityKeyVerifier(client: client)
        relay = OutboxRelay(
            client: database,
            publisher: EventPublisher(configuration: settings.amqp.named("\(settings.service)-events-\(settings.instanceID)"), logger: logger),
            logger: logger)
        redelivery = PostgresRedeliveryTracker(client: database, logger: logger)
        revocationListener = RevocationListener(
            service: settings.service, instanceID: settings.instanceID, configuration: settings.amqp, client: client,
            revocations: self.verifier.revocations, logger: logger)
    }

    /// A verifier that fetches identity's public keys over RPC (`TokenVerifier.fetchingIdentityKeys`).
    public static func identityKeyVerifier(client: RPCClient) -> TokenVerifier {
        TokenVerifier.fetchingIdentityKeys(client: client)
    }

    /// Runs until SIGTERM/SIGINT (or until the task is cancelled).
    /// - Parameters:
    ///   - migrations: the service's own migrations.
    ///   - prepare: runs after migrations, before any request is taken (e.g. seeding the first administrator).
    ///   - routes: registers the service's RPCs.
    ///   - services: extra long-running parts (event consumers, an HTTP server).
    public func run(
        migrations: [Migration],
        prepare: @Sendable () async throws -> Void = {},
        routes: (inout ServiceRouter) -> Void,
        services: [any Service] = [],
        signals: [UnixSignal] = [.sigterm, .sigint]
    ) async throws {
        let router = self.router(routes: routes)
        let database = self.database
        let logger = self.logger
        let settings = self.settings
        let server = RPCServer(
            service: settings.service, instanceID: settings.instanceID, configuration: settings.amqp, router: router.rpc,
            options: .init(
                prefetch: settings.prefetch, queueArguments: settings.queueArguments, handlersOnConnectionThread: settings.handlersOnConnectionThread,
                classify: DatabaseFailure.rpcError(for:)),
            redelivery: redelivery, logger: logger)

        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await database.run() }
            let version = try await migrate(migrations)
            logger.info("schema ready", metadata: ["schema": "\(settings.database.schema)", "version": "\(version)"])
            try await prepare()
            client.start()
            // A group stops its services in reverse order: first the RPC server (no new requests, in-flight ones
            // finish), then the event consumers, then the audit sealer and the relay (so entries and events of the
            // last writes are still chained and sent), and the metrics endpoint last.
            var all: [any Service] = []
            if settings.metricsPort > 0 {
                all.append(MetricsEndpoint.application(host: settings.metricsHost, port: settings.metricsPort, logger: logger))
            }
            all += [relay, AuditSealer(client: database, logger: logger), revocationListener] + services + [server]
            let group2 = ServiceGroup(
                configuration: .init(services: all.map { .init(service: $0) }, gracefulShutdownSignals: signals, logger: logger))
            try await group2.run()
            await client.close()
            group.cancelAll()
        }
    }

    /// Every RPC this instance answers: the service's own (`routes`), its audit trail's and Health/Check. Built
    /// without connecting anywhere, so a test compares it with the protos (ServiceShapeTests).
    public func router(routes: (inout ServiceRouter) -> Void) -> ServiceRouter {
        let relay = self.relay
        var router = ServiceRouter(verifier: verifier, writer: writer, client: client, afterCommit: { relay.nudge() })
        routes(&router)
        AuditHandlers(database: database).register(on: &router, service: settings.service)
        EventLogHandlers(database: database).register(on: &router, service: settings.service)
        let database = self.database
        let logger = self.logger
        let settings = self.settings
        let revocations = verifier.revocations
        router.query(HealthMethods.check(settings.service), access: .anonymous) { _, _ in
            // Not ready while it would refuse every signed-in call (see RevocationListener).
            guard revocations.isLoaded else {
                throw RPCError.unavailable("尚未加载已注销的登录信息，实例未就绪", reason: "REVOCATIONS_NOT_LOADED")
            }
            var response = Metrology_Common_V1_HealthCheckResponse()
            response.service = settings.service
            response.instanceID = settings.instanceID
            response.version = settings.version
            if let version = try? await MigrationRunner.currentVersion(client: database, logger: logger) {
                response.databaseOk = true
                response.migrationVersion = version
            }
            return response
        }
        return router
    }

    /// Applies migrations, retrying while the database is not reachable yet (it may start after us).
    func migrate(_ migrations: [Migration]) async throws -> Int64 {
        let runner = MigrationRunner(schema: settings.database.schema, client: database, logger: logger)
        var attempt = 0
        while true {
            do {
                return try await runner.run(migrations)
            } catch let error as MigrationError {
                throw error
            } catch let error as PSQLError where error.code == .server {
                // The database answered: the SQL itself is wrong, and retrying will not change that.
                throw error
            } catch {
                attempt += 1
                guard attempt < 30 else { throw error }
                logger.warning("database not ready, retrying migrations", metadata: ["error": "\(String(reflecting: error))"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Loads `Migrations/*.sql` from a service module's resource bundle.
    public static func migrations(in bundle: Bundle) throws -> [Migration] {
        guard let url = bundle.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError("the Migrations folder is missing from \(bundle.bundlePath)")
        }
        return try Migration.load(from: url)
    }
}
