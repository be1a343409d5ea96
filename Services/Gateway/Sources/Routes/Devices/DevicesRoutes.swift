import Contracts
import DevicesAPI
import Messaging

/// The devices service's HTTP operations (tags devices and standards of openapi.yaml), served through the generated
/// `DevicesAPI.APIProtocol`. One file per resource extends this type; each operation maps its typed input to the RPC
/// request, calls with the request's scope and maps the answer back. The devices service checks every permission and
/// validates statuses, reasons, kinds, dates and texts; the gateway only maps shapes.
struct DevicesRoutes: DevicesAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
