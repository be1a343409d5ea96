import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Testing

/// The staff's phone app is served at `/m/` from the gateway's bundle without a token, with the console's security
/// headers plus what an installable app needs (its own service worker and manifest), and every file its service
/// worker caches for offline use exists — a missing one would fail the worker's install and leave the phone without
/// an offline copy.
@Suite struct MobileAppRoutesTests {
    let gateway = TestGateway()

    @Test func bareAppPathRedirectsToTheApp() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/m", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/m/")
            }
        }
    }

    @Test func indexManifestAndWorkerAreServedWithoutTokenAndWithHeaders() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/m/", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<html lang=\"zh-CN\">"))
                #expect(html.contains("/m/manifest.webmanifest"))
                #expect(html.contains("/m/js/main.js"))
                let policy = response.headers[.init("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("default-src 'self'"))
                #expect(policy.contains("worker-src 'self'"))
                #expect(policy.contains("manifest-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/m/manifest.webmanifest", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("manifest") == true)
                let manifest = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(manifest?["scope"] as? String == "/m/")
                #expect(manifest?["start_url"] as? String == "/m/")
                #expect(manifest?["display"] as? String == "standalone")
                #expect((manifest?["icons"] as? [[String: Any]])?.count == 2)
            }
            try await client.execute(uri: "/m/sw.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
            }
        }
    }

    /// Every file the service worker caches is served, and every module of the app is in that list.
    @Test func everyFileTheServiceWorkerCachesIsServedAndEveryModuleIsCached() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            let worker = try await client.execute(uri: "/m/sw.js", method: .get) { String(buffer: $0.body) }
            let shell = Set(worker.matches(of: /"(\/m\/[A-Za-z0-9_\-\/.]*)"/).map { String($0.output.1) })
            #expect(shell.count >= 20)
            for path in shell {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path) is in the service worker's shell but not served")
                }
            }
            var imported: Set<String> = ["/m/js/main.js"]
            var queue = ["/m/js/main.js"]
            while let module = queue.popLast() {
                let source = try await client.execute(uri: module, method: .get) { String(buffer: $0.body) }
                let directory = URL(fileURLWithPath: module).deletingLastPathComponent()
                for match in source.matches(of: /(?:from |import\()"(\.{1,2}\/[a-z\-\/.]+\.js)"/) {
                    let path = directory.appendingPathComponent(String(match.output.1)).standardized.path
                    if imported.insert(path).inserted { queue.append(path) }
                }
            }
            #expect(imported.count >= 15)
            #expect(imported.subtracting(shell).isEmpty, "modules not cached for offline use: \(imported.subtracting(shell).sorted())")
        }
    }

    @Test func missingFilesAndTraversalAreRefused() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/m/js/nope.js", method: .get) { response in
                try expectProblem(response, .notFound, code: "ROUTE_NOT_FOUND")
            }
            try await client.execute(uri: "/m/%2e%2e/console/index.html", method: .get) { response in
                try expectProblem(response, .badRequest, code: "PATH_TRAVERSAL")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.headers[.init("Content-Security-Policy")!] == nil)
            }
        }
    }
}
