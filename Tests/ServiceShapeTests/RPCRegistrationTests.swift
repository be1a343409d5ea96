import CertificatesService
import DevicesService
import DocumentConversion
import FlowsService
import Foundation
import IdentityService
import Messaging
import RecordsService
import ReportsService
import ServiceBootstrap
import ServiceKit
import Testing

/// Every `rpc` declared in `proto/` has a handler registered by the service whose queue serves it, and no service
/// registers a method the protos do not declare (issue 15, one service shape). The route tables are built as each
/// service builds them at start (`ServiceRuntime.router(routes:)` with the service's own `routes`, plus the common
/// RPCs of proto/metrology/common that every service answers), without a broker or a database.
@Suite("Every rpc in the protos has a registered handler")
struct RPCRegistrationTests {
    /// The repository root, from this file's path (Tests/ServiceShapeTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Full method names (`/package.Service/Method`) declared in the .proto files under proto/, by proto package.
    static func declaredMethods() throws -> [String: Set<String>] {
        var methods: [String: Set<String>] = [:]
        let protos =
            FileManager.default.enumerator(at: root.appendingPathComponent("proto"), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "proto" } ?? []
        #expect(protos.count >= 10, "found no protos under \(root.path)/proto")
        for file in protos {
            var package = ""
            var service: String?
            for raw in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("//") { continue }
                if line.hasPrefix("package ") {
                    package = String(line.dropFirst("package ".count).prefix { $0 != ";" })
                } else if line.hasPrefix("service "), line.hasSuffix("{") {
                    service = String(line.dropFirst("service ".count).prefix { $0 != " " && $0 != "{" })
                } else if raw.hasPrefix("}") {
                    service = nil
                } else if let service, line.hasPrefix("rpc ") {
                    let method = line.dropFirst("rpc ".count).prefix { $0 != "(" && $0 != " " }
                    methods[package, default: []].insert("/\(package).\(service)/\(method)")
                }
            }
        }
        return methods
    }

    static func settings(_ service: String) throws -> ServiceSettings {
        // Nothing connects: the broker and database are never reached while building a route table.
        try ServiceSettings.fromEnvironment(
            service: service,
            EnvironmentReader([
                "METROLOGY_AMQP_URL": "amqp://shape:test@127.0.0.1:1/", "METROLOGY_DB_PASSWORD": "unused", "METROLOGY_LOG_LEVEL": "critical",
            ]))
    }

    /// What each service's queue answers, as its `run()` registers it.
    static func registered(_ service: String) throws -> Set<String> {
        Set(try router(service).rpc.handlers.keys)
    }

    /// The route table each service's `run()` builds.
    static func router(_ service: String) throws -> ServiceRouter {
        let settings = try settings(service)
        let router: ServiceRouter
        switch service {
        case "identity":
            let identity = IdentityService(
                settings: settings,
                identity: try IdentitySettings.fromEnvironment(
                    EnvironmentReader(["METROLOGY_IDENTITY_DATA_KEY": Data(repeating: 7, count: 32).base64EncodedString()])))
            router = identity.runtime.router(routes: identity.routes)
        case "devices":
            let devices = DevicesService(settings: settings)
            router = devices.runtime.router(routes: devices.routes)
        case "flows":
            let flows = FlowsService(settings: settings)
            router = flows.runtime.router(routes: flows.routes)
        case "records":
            let records = RecordsService(settings: settings)
            router = records.runtime.router(routes: records.routes)
        case "certificates":
            let certificates = CertificatesService(
                settings: settings, issue: IssueSettings(institution: "测试所", publicCheckURL: "http://localhost/check", converters: .init(urls: [])))
            router = certificates.runtime.router(routes: certificates.routes)
        case "reports":
            let reports = ReportsService(settings: settings)
            router = reports.runtime.router(routes: reports.routes)
        default:
            Issue.record("unknown service \(service)")
            router = ServiceRuntime(settings: settings).router(routes: { _ in })
        }
        return router
    }

    @Test(
        "each service registers exactly the rpcs of its proto package, plus the common ones",
        arguments: [
            "identity", "devices", "flows", "records", "certificates", "reports",
        ])
    func everyRPCHasAHandler(service: String) throws {
        let declared = try Self.declaredMethods()
        // Every service answers the common services (Audit, Health, EventLog, …) on its own queue.
        let common = declared["metrology.common.v1"] ?? []
        #expect(common.isSuperset(of: ["/metrology.common.v1.Audit/List", "/metrology.common.v1.Audit/Verify", "/metrology.common.v1.Health/Check"]))
        let expected = (declared["metrology.\(service).v1"] ?? []).union(common)
        let registered = try Self.registered(service)
        #expect(expected.subtracting(registered).sorted() == [], "declared in proto/metrology/\(service)/v1 but without a handler")
        #expect(registered.subtracting(expected).sorted() == [], "registered by \(service) but declared in no proto")
    }

    @Test("every proto package with rpcs is served by one of the services (the echo test service aside)")
    func noOrphanPackage() throws {
        let served: Set<String> = ["identity", "devices", "flows", "records", "certificates", "reports"]
        let packages = try Self.declaredMethods().keys.filter { $0 != "metrology.common.v1" && $0 != "metrology.testing.v1" }
        for package in packages {
            #expect(served.contains(package.split(separator: ".").dropFirst().first.map(String.init) ?? ""), "\(package) has rpcs no service serves")
        }
    }

    @Test(
        "each registered handler is named after its rpc, in lowerCamelCase",
        arguments: [
            "identity", "devices", "flows", "records", "certificates", "reports",
        ])
    func handlersAreNamedAfterTheirRPC(service: String) throws {
        let router = try Self.router(service)
        // Every handler went through query/write/register, which record where they were called.
        #expect(Set(router.registrations.keys) == Set(router.rpc.handlers.keys))
        var misnamed: [String] = []
        for (fullName, registration) in router.registrations.sorted(by: { $0.key < $1.key }) {
            let rpc = String(fullName.split(separator: "/").last ?? "")
            let expected = rpc.prefix(1).lowercased() + rpc.dropFirst()
            let handler = try HandlerName.at(file: registration.file, line: registration.line)
            // Health/Check's few lines are written inline where the runtime registers it: there is no name to drift.
            if handler == HandlerName.inlineClosure, fullName.hasSuffix(".Health/Check") { continue }
            if handler != expected {
                misnamed.append(
                    "\(fullName): handler `\(handler)` should be `\(expected)` (\(registration.file.split(separator: "/").last ?? ""):\(registration.line))"
                )
            }
        }
        #expect(misnamed == [], "handlers not named after their rpc")
    }
}
