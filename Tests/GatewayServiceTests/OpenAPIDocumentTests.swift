import Auth
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Testing

/// The committed OpenAPI document must describe every route the gateway serves, so a new route cannot ship undocumented.
@Suite struct OpenAPIDocumentTests {
    let gateway = TestGateway()

    @Test func everyRouteIsDocumentedAndNoneClash() async throws {
        let router = try GatewayApplication.buildRouter(backend: FakeBackend(), verifier: TokenVerifier { [:] })
        try router.validate()
        let document = try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        let paths = Self.operations(in: document)
        #expect(router.routes.count >= 30)
        for route in router.routes {
            let path = route.path.description
            #expect(paths[path]?.contains(route.method.rawValue.lowercased()) == true, "\(route.method) \(path) is not in openapi.yaml")
        }
        // And the other way: a removed route (such as POST /v1/signature-keys) must leave the document too.
        let served = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description)" })
        let methods: Set = ["get", "put", "post", "patch", "delete"]
        for (path, operations) in paths {
            for method in operations.intersection(methods) {
                #expect(served.contains("\(method) \(path)"), "\(method.uppercased()) \(path) is documented but not served")
            }
        }
    }

    /// Path → its documented methods, read from the `paths:` block by indentation (no YAML parser in the package).
    static func operations(in document: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var current: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                result[path, default: []].insert(String(line.dropFirst(4).dropLast()))
            }
        }
        return result
    }
}
