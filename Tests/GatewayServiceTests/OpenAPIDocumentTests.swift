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

    /// Every operation lists every status the gateway can answer for it, each a problem document: 400 and 414 for any
    /// request; for `/v1`, 404, 503 and 504 (any RPC), 401 and 403 with a token, 413 with a body, 409 for a write;
    /// 401 and 429 for the rate-limited anonymous routes. A new operation without them fails here, and so would a
    /// response that is not `application/problem+json` (schemathesis, in deploy/local/test, checks the live answers).
    @Test func everyOperationListsTheErrorsItCanAnswer() async throws {
        let document = try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        let shared = ["400", "401", "403", "404", "409", "413", "414", "429", "503", "504"]
        for code in shared {
            #expect(document.contains("\n    \(Self.sharedResponse[code]!):\n"), "components/responses lacks \(Self.sharedResponse[code]!)")
        }
        let operations = Self.operationBlocks(in: document)
        #expect(operations.count >= 60)
        for operation in operations {
            let name = "\(operation.method.uppercased()) \(operation.path)"
            var expected: Set = ["400", "414"]
            if operation.path.hasPrefix("/v1/") {
                expected.formUnion(["404", "503", "504"])
                if operation.lines.contains(where: { $0.hasPrefix("      security:") }) { expected.formUnion(["401", "403"]) }
                if operation.lines.contains("      requestBody:") { expected.insert("413") }
                if ["post", "put", "patch", "delete"].contains(operation.method) { expected.insert("409") }
            }
            if Self.rateLimited(operation.path) { expected.formUnion(["401", "429"]) }
            let responses = Self.responses(of: operation.lines)
            for code in expected.subtracting(responses.keys).sorted() {
                Issue.record("\(name) does not document \(code)")
            }
            for (code, text) in responses where code.first != "2" && code.first != "3" {
                if Self.documentedBodies.contains("\(name) \(code)") { continue }
                let isProblem = text.contains("components/responses/") || text.contains("application/problem+json")
                #expect(isProblem, "\(name) \(code) is not a problem document")
            }
        }
    }

    /// Error answers with a body of their own: /readyz says which service is not ready; a template whose check found
    /// errors comes back with the check's findings.
    static let documentedBodies: Set = ["GET /readyz 503", "POST /v1/items/{id}/templates 422"]

    static let sharedResponse = [
        "400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound", "409": "Conflict", "413": "PayloadTooLarge",
        "414": "UriTooLong", "429": "TooManyRequests", "503": "ServiceUnavailable", "504": "GatewayTimeout",
    ]

    /// The routes RateLimitMiddleware limits, spelled as the document spells them.
    static func rateLimited(_ path: String) -> Bool {
        path == "/v1/auth/login" || path == "/v1/auth/refresh" || path.hasPrefix("/v1/auth/login/") || path.hasPrefix("/v1/auth/login-")
    }

    /// Each operation with the lines of its body, read from the `paths:` block by indentation.
    static func operationBlocks(in document: String) -> [(path: String, method: String, lines: [String])] {
        var result: [(path: String, method: String, lines: [String])] = []
        var path: String?
        var collecting = false
        let methods: Set = ["get", "put", "post", "patch", "delete"]
        for line in document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
                collecting = false
            } else if line.hasPrefix("    "), !line.hasPrefix("     ") {
                // A method starts an operation; a path-level key (`parameters:`) ends it.
                let key = String(line.dropFirst(4).dropLast())
                collecting = path != nil && line.hasSuffix(":") && methods.contains(key)
                if collecting, let path { result.append((path, key, [])) }
            } else if collecting, line.hasPrefix("      ") {
                result[result.count - 1].lines.append(line)
            }
        }
        return result
    }

    /// Status → the text of its entry, from an operation's `responses:`.
    static func responses(of lines: [String]) -> [String: String] {
        guard let start = lines.firstIndex(of: "      responses:") else { return [:] }
        var result: [String: String] = [:]
        var current: String?
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("        ") else { break }
            if line.hasPrefix("        \""), !line.hasPrefix("         ") {
                let code = String(line.dropFirst(9).prefix(3))
                current = code
                result[code] = line
            } else if let current {
                result[current, default: ""] += "\n" + line
            }
        }
        return result
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
