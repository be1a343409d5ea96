import Auth
import Contracts
import Foundation
import Hummingbird
import Messaging
import RPCCore

/// `/healthz` (the process is alive) and `/readyz` (the broker, every service and its database answer).
/// `/readyz?scope=gateway` is the gateway's own readiness — it can take requests because its broker connection is
/// up — for a load balancer or a Kubernetes readiness probe: a gateway taken out of service whenever any one service
/// is down would take every screen with it, while the console degrades per screen (a person's page opens without flows).
struct HealthController: Sendable {
    let backend: any GatewayBackend
    let services: [String]
    /// The gateway's own revocation list: until it is loaded every signed-in request is refused (UNAVAILABLE), so the
    /// gateway is not ready either.
    var revocations = RevocationList()

    struct ServiceStatus: Codable, Sendable {
        var name: String
        var ok: Bool
        var instance: String?
        var databaseOk: Bool
        var migrationVersion: Int64?
        var version: String?
        var error: String?
    }

    struct Readiness: Codable, Sendable {
        var status: String
        var broker: Bool
        var revocationsLoaded: Bool
        var services: [ServiceStatus]
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in try jsonResponse(["status": "ok"]) }
        router.get("/readyz", use: readyz)
    }

    func readyz(_ request: Request, context: some RequestContext) async throws -> Response {
        let backend = self.backend
        switch request.queryString("scope") {
        case nil, "all": break
        case "gateway":
            let broker = backend.isConnected, revocationsLoaded = revocations.isLoaded
            let ready = broker && revocationsLoaded
            return try jsonResponse(
                Readiness(status: ready ? "ready" : "not_ready", broker: broker, revocationsLoaded: revocationsLoaded, services: []),
                status: ready ? .ok : .serviceUnavailable)
        default:
            throw RPCError.invalidArgument("查询参数 scope 只能是 all 或 gateway", reason: "QUERY_PARAMETER_INVALID", details: ["scope": "all 或 gateway"])
        }
        let statuses = await withTaskGroup(of: ServiceStatus.self) { group in
            for service in services {
                group.addTask {
                    do {
                        let health = try await backend.call(HealthMethods.check(service), .init(), options: .init(timeout: .seconds(2)))
                        return ServiceStatus(
                            name: service, ok: health.databaseOk, instance: health.instanceID, databaseOk: health.databaseOk,
                            migrationVersion: health.migrationVersion, version: health.version, error: health.databaseOk ? nil : "数据库不可用")
                    } catch let error as RPCError {
                        return ServiceStatus(name: service, ok: false, databaseOk: false, error: "\(error.code.name): \(error.message)")
                    } catch {
                        return ServiceStatus(name: service, ok: false, databaseOk: false, error: "\(error)")
                    }
                }
            }
            var collected: [ServiceStatus] = []
            for await status in group { collected.append(status) }
            return collected.sorted { services.firstIndex(of: $0.name)! < services.firstIndex(of: $1.name)! }
        }
        let broker = backend.isConnected
        let revocationsLoaded = revocations.isLoaded
        let ready = broker && revocationsLoaded && statuses.allSatisfy(\.ok)
        return try jsonResponse(
            Readiness(status: ready ? "ready" : "not_ready", broker: broker, revocationsLoaded: revocationsLoaded, services: statuses),
            status: ready ? .ok : .serviceUnavailable)
    }
}
