import Contracts
import IdentityAPI
import Messaging

/// The identity service's HTTP operations (tags auth, users, qualifications, roles, signatures, audit of openapi.yaml),
/// served through the generated `IdentityAPI.APIProtocol`. One file per resource extends this type; each operation
/// maps its typed input to the RPC request, calls with the request's scope and maps the answer back.
struct IdentityRoutes: IdentityAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
