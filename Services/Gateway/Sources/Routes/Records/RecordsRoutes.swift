import Contracts
import Messaging
import RecordsAPI

/// The records service's HTTP operations (tag records of openapi.yaml), served through the generated
/// `RecordsAPI.APIProtocol`. One file per feature extends this type; each operation maps its typed input to the RPC
/// request, calls with the request's scope and maps the answer back. The records service checks every permission and
/// validates states, sources, dates, USCCs, cells and values; the gateway only maps shapes.
struct RecordsRoutes: RecordsAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
