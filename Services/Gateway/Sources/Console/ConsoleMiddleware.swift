import Foundation
import HTTPTypes
import Hummingbird
import Messaging
import RPCCore

/// Serves the back-office console (plain HTML, CSS and JavaScript modules under `Resources/console`) at `/console/`,
/// and sends `/` there. Files come from Hummingbird's FileMiddleware, which answers ETag / If-None-Match and ranges
/// and refuses `..`; this adds the headers a page handling personal data must carry (GB/T 22239 level 2: no framing,
/// no third-party script, no inline script, no caching of a page someone else could read later).
struct ConsoleMiddleware<Context: RequestContext>: RouterMiddleware {
    static var basePath: String { "/console" }
    static var checkPath: String { "/check" }
    let files: FileMiddleware<Context, LocalFileSystem>

    init(directory: String) {
        files = FileMiddleware(
            directory, urlBasePath: Self.basePath, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if request.method == .get || request.method == .head, path == "/" || path == Self.basePath {
            return Response(status: .seeOther, headers: [.location: Self.basePath + "/"])
        }
        if request.method == .get || request.method == .head, path == Self.checkPath {
            // The page a certificate's QR code opens (`/check?n=<number>&c=<code>`): a short address to print, served
            // from the console's files with its query, and like them without a token (the page calls only the public
            // check). The security headers below apply to it alike.
            var head = request.head
            head.path = Self.basePath + "/check.html" + (request.uri.query.map { "?" + $0 } ?? "")
            var response = try await files.handle(Request(head: head, body: request.body), context: context, next: next)
            response.headers.append(contentsOf: Self.securityHeaders)
            return response
        }
        guard path.hasPrefix(Self.basePath + "/") else { return try await next(request, context) }
        // FileMiddleware refuses `..` too, but as a bare 400; a code of its own tells a scanner's report what happened.
        if (path.removingPercentEncoding ?? path).split(separator: "/").contains("..") {
            throw RPCError.invalidArgument("路径无效：不允许包含 ..", reason: "PATH_TRAVERSAL")
        }
        var response = try await files.handle(request, context: context, next: next)
        response.headers.append(contentsOf: Self.securityHeaders)
        return response
    }

    /// `connect-src 'self'`: the console talks only to this gateway's API. `img-src data: blob:` shows handwritten
    /// signature images and downloads built in the page.
    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            .xContentTypeOptions: "nosniff",
            .xFrameOptions: "DENY",
            .referrerPolicy: "no-referrer",
        ]
    }

    /// The console shipped inside the gateway's resource bundle; METROLOGY_CONSOLE_DIR points elsewhere while editing it.
    static func bundledDirectory() -> String? {
        Bundle.module.url(forResource: "Resources/console", withExtension: nil)?.path
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
