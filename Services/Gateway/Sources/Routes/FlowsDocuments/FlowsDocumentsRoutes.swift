import Contracts
import FlowsDocumentsAPI
import Messaging

/// The flows service's document operations (templates, regulations and numbering of openapi.yaml), served through the
/// generated `FlowsDocumentsAPI.APIProtocol`. Items, procedures and formulas, the rest of the flows tag, are FlowsAPI's.
/// One file per resource extends this type; each operation maps its typed input to the RPC request, calls with the
/// request's scope and maps the answer back. The flows service checks permissions, kinds, statuses, targets and the
/// files themselves; the gateway only maps shapes.
struct FlowsDocumentsRoutes: FlowsDocumentsAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
