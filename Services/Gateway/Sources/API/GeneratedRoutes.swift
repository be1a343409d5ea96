import Auth
import CertificatesAPI
import DevicesAPI
import FlowsAPI
import FlowsDocumentsAPI
import HTTPTypes
import Hummingbird
import IdentityAPI
import OpenAPIHummingbird
import OpenAPIRuntime
import RecordsAPI
import ReportsAPI
import Synchronization

/// The operations of openapi.yaml served through the generated API modules (Services/Gateway/API/<Group>): one group
/// of routes behind `RequestScopeMiddleware`, registered through `APITransport`. Each module's handler type is added
/// to `register` once; the routes it serves come from the document, so no route can be served that the document lacks.
public enum GeneratedRoutes {
    /// The upload operations, whose bodies may be up to `UploadBody.limit` (16 MiB) instead of 1 MiB.
    static let uploadPaths: Set<String> = [
        "/v1/items/{id}/templates", "/v1/regulations", "/v1/customers/{id}/instruments/import",
    ]

    static func add(to router: Router<GatewayRequestContext>, backend: any GatewayBackend, verifier: TokenVerifier) throws {
        let group = router.group().add(middleware: RequestScopeMiddleware<GatewayRequestContext>(verifier: verifier))
        try register(on: APITransport(inner: group, uploadPaths: uploadPaths), backend: backend)
    }

    /// Every generated module's handlers; a new module's handler type is added here.
    static func register(on transport: any ServerTransport, backend: any GatewayBackend) throws {
        let configuration = APIConfiguration.configuration
        try IdentityRoutes(backend: backend).registerHandlers(on: transport, configuration: configuration)
        try FlowsRoutes(backend: backend).registerHandlers(on: transport, configuration: configuration)
        try DevicesRoutes(backend: backend).registerHandlers(on: transport, configuration: configuration)
        try FlowsDocumentsRoutes(backend: backend).registerHandlers(
            on: transport, configuration: configuration, middlewares: [AttachmentHeaderMiddleware()])
        try RecordsRoutes(backend: backend).registerHandlers(on: transport, configuration: configuration)
        // The PDF download writes Content-Disposition, which the runtime would percent-encode like templates'.
        try CertificatesRoutes(backend: backend).registerHandlers(
            on: transport, configuration: configuration, middlewares: [AttachmentHeaderMiddleware()])
        try ReportsRoutes(backend: backend).registerHandlers(on: transport, configuration: configuration, middlewares: [AttachmentHeaderMiddleware()])
    }

    /// "METHOD /path" of every operation served through a generated handler, as the document spells the path:
    /// GeneratedRoutesTests compares them with the document's operations.
    public static func operations(backend: any GatewayBackend) throws -> Set<String> {
        let recorder = Recorder()
        try register(on: recorder, backend: backend)
        return recorder.operations.withLock { $0 }
    }

    final class Recorder: ServerTransport {
        let operations = Mutex<Set<String>>([])

        func register(
            _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
            method: HTTPRequest.Method, path: String
        ) throws {
            operations.withLock { _ = $0.insert("\(method.rawValue) \(path)") }
        }
    }
}
