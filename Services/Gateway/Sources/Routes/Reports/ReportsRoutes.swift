import Contracts
import Messaging
import ReportsAPI

/// The reports service's HTTP operations (tag reports of openapi.yaml), served through the generated
/// `ReportsAPI.APIProtocol`: the field catalogue, statistics queries, saved definitions, the read model's status and
/// rebuild, and the exports (streamed, see Export*.swift). One file per resource extends this type. The service checks
/// every permission (报表查询, 报表导出) and validates every field; the gateway maps shapes and streams files.
struct ReportsRoutes: ReportsAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
