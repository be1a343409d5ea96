import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Testing

/// The back-office console is served from the gateway's bundle with the headers a page handling personal data needs,
/// and serving it must not swallow API routes or their problem documents.
@Suite struct ConsoleRoutesTests {
    let gateway = TestGateway()

    @Test func rootAndBareConsoleRedirectToTheConsole() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            for path in ["/", "/console"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/console/")
                }
            }
        }
    }

    @Test func indexAndModulesAreServedWithSecurityHeaders() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/console/", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<html lang=\"zh-CN\">"))
                #expect(html.contains("/console/js/main.js"))
                #expect(response.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/console/js/main.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
                #expect(String(buffer: response.body).contains("import"))
            }
        }
    }

    /// Every module the route registry names exists, so no menu entry opens onto a missing file.
    @Test func everyScreenModuleTheMenuNamesIsServed() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            let registry = try await client.execute(uri: "/console/js/screens/index.js", method: .get) { String(buffer: $0.body) }
            let modules = registry.matches(of: /import\("\.\/([a-z\-]+\.js)"\)/).map { String($0.output.1) }
            #expect(modules.count >= 12)
            for module in Set(modules) {
                try await client.execute(uri: "/console/js/screens/\(module)", method: .get) { response in
                    #expect(response.status == .ok, "screens/\(module) is named in the menu but not served")
                }
            }
        }
    }

    @Test func missingFilesAndTraversalAreRefusedAndApiRoutesStillAnswer() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/console/js/nope.js", method: .get) { response in
                try expectProblem(response, .notFound, code: "ROUTE_NOT_FOUND")
            }
            try await client.execute(uri: "/console/../openapi.yaml", method: .get) { response in
                try expectProblem(response, .badRequest, code: "PATH_TRAVERSAL")
            }
            try await client.execute(uri: "/console/%2e%2e/%2e%2e/Package.swift", method: .get) { response in
                try expectProblem(response, .badRequest, code: "PATH_TRAVERSAL")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.init("Content-Security-Policy")!] == nil)
            }
        }
    }
}
