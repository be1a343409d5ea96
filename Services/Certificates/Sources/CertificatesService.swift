import Contracts
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The certificates service: 证书管理（§4.2.4）.
public struct CertificatesService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        try await runtime.run(migrations: try ServiceRuntime.migrations(in: .module), routes: routes)
    }

    /// The RPC table: every rpc of certificates.proto has its handler here (ServiceShapeTests fails otherwise). A feature
    /// comes as a folder beside WhoAmI/ (`<Feature>/<Feature>Handlers.swift`, `<Feature>Store.swift`), its schema as
    /// `Migrations/NNNN_<feature>.sql`, its events under `Events/`, as in devices and flows.
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        router.query(WhoAmIMethods.certificates, access: .authenticated, whoAmI.whoAmI)
    }
}
