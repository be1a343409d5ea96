import Contracts
import FlowsAPI
import Messaging

/// The flows service's item operations (items and test types, usability, procedures and their versions, formula
/// evaluation of openapi.yaml), served through the generated `FlowsAPI.APIProtocol`. Templates, regulations and
/// numbering, the rest of the flows tag, are FlowsDocumentsAPI's. One file per resource extends this type; each
/// operation maps its typed input to the RPC request, calls with the request's scope and maps the answer back. The
/// flows service checks permissions and validates codes, kinds and dates; the gateway only maps shapes.
struct FlowsRoutes: FlowsAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
