import Foundation
import Hummingbird

/// Serves the committed OpenAPI document at `/openapi.yaml`.
struct OpenAPIController: Sendable {
    let document: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "Resources/openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        document = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    func addRoutes(to router: Router<some RequestContext>) {
        let document = self.document
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: document))
        }
    }
}
