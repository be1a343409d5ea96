import Contracts
import DocumentConversion
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The certificates service: 证书管理（§4.2.4）, 批准（§4.3.11）, 证书生成与电子印章（§4.3.12）.
public struct CertificatesService: Sendable {
    public let runtime: ServiceRuntime
    let issue: IssueWorker
    let void: VoidWorker
    /// Issue and void steps at once per instance: two per converter, so that while one step fills, seals and stores
    /// (about 19 ms a document, measured in the certificates benchmark) the next document already waits in the pool's
    /// queue and no LibreOffice sits idle (one step per converter left them 10 % idle).
    let concurrency: Int

    public init(settings: ServiceSettings, issue issueSettings: IssueSettings) {
        runtime = ServiceRuntime(settings: settings)
        let pool = ConverterPool(issueSettings.converters, logger: runtime.logger)
        let seals = SealKeeper(database: runtime.database, settings: issueSettings, pool: pool, logger: runtime.logger)
        issue = IssueWorker(database: runtime.database, settings: issueSettings, pool: pool, seals: seals)
        void = VoidWorker(database: runtime.database, issue: issue)
        concurrency = max(2, 2 * issueSettings.converters.urls.count)
    }

    public func run() async throws {
        let consumer = runtime.eventConsumer(subscriber: "records", handlers: RecordEvents().handlers)
        let runner = runtime.processRunner([issue.kind, void.kind], pollInterval: .milliseconds(250), concurrency: concurrency)
        let seals = issue.seals
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module), prepare: { try await seals.ensureExists() }, routes: routes,
            services: [consumer, runner])
    }

    /// The RPC table: every rpc of certificates.proto has its handler here (ServiceShapeTests fails otherwise), each
    /// feature registering its own from its folder.
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        router.query(WhoAmIMethods.certificates, access: .authenticated, whoAmI.whoAmI)
        // One per process: published procedure versions' point labels, for approvals and previews alike.
        let labels = PublishedLabels()
        ApprovalHandlers(database: runtime.database, issueKind: issue.kind, labels: labels).register(on: &router)
        CertificateHandlers(database: runtime.database, voidKind: void.kind, issueKind: issue.kind, institution: issue.settings.institution)
            .register(on: &router)
        SealHandlers(database: runtime.database, seals: issue.seals).register(on: &router)
        PreviewHandlers(issue: issue, labels: labels).register(on: &router)
    }
}
