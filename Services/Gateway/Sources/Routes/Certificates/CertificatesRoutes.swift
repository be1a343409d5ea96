import CertificatesAPI
import Contracts
import Messaging

/// The certificates service's HTTP operations (tag certificates of openapi.yaml), served through the generated
/// `CertificatesAPI.APIProtocol`: the approval queue, certificates (query, void, PDF download), the public
/// authenticity check and the seal. One file per resource extends this type. The service checks every permission and
/// validates states, reasons, receipts and PEM; the gateway only maps shapes (and streams the PDFs, see Files.swift).
struct CertificatesRoutes: CertificatesAPI.APIProtocol {
    let backend: any GatewayBackend

    /// One RPC on the caller's behalf, with the options `RequestScopeMiddleware` set for this request.
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request) async throws -> Response {
        try await backend.call(method, request, options: try RequestScope.get().options)
    }
}
