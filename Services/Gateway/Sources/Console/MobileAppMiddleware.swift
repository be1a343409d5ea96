import Foundation
import HTTPTypes
import Hummingbird
import Messaging
import RPCCore

/// Serves the staff's phone app (an installable web app: plain HTML, CSS and JavaScript modules under
/// `Resources/mobile`) at `/m/`, without a token like the console's files: the app signs in through the API.
/// Files come from Hummingbird's FileMiddleware (ETag / If-None-Match, ranges, `..` refused) with `no-cache`, so a
/// phone online always revalidates and gets the current app; offline, the app's own service worker (`/m/sw.js`, whose
/// scope is `/m/` because that is where it is served) answers from the copy it cached at install.
struct MobileAppMiddleware<Context: RequestContext>: RouterMiddleware {
    static var basePath: String { "/m" }
    let files: FileMiddleware<Context, LocalFileSystem>

    init(directory: String) {
        files = FileMiddleware(
            directory, urlBasePath: Self.basePath, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if request.method == .get || request.method == .head, path == Self.basePath {
            return Response(status: .seeOther, headers: [.location: Self.basePath + "/"])
        }
        guard path.hasPrefix(Self.basePath + "/") else { return try await next(request, context) }
        if (path.removingPercentEncoding ?? path).split(separator: "/").contains("..") {
            throw RPCError.invalidArgument("路径无效：不允许包含 ..", reason: "PATH_TRAVERSAL")
        }
        var response = try await files.handle(request, context: context, next: next)
        response.headers.append(contentsOf: Self.securityHeaders)
        return response
    }

    /// The console's policy plus what an installable app needs from its own origin only: `worker-src 'self'` (the
    /// service worker), `manifest-src 'self'` (the web manifest). `img-src blob: data:` shows the handwriting pad's
    /// picture; PDFs previewed are opened as `blob:` documents (a navigation, which the policy does not restrict).
    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'self'; img-src 'self' data: blob:; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            .xContentTypeOptions: "nosniff",
            .xFrameOptions: "DENY",
            .referrerPolicy: "no-referrer",
        ]
    }

    /// The app shipped inside the gateway's resource bundle; METROLOGY_MOBILE_DIR points elsewhere while editing it.
    static func bundledDirectory() -> String? {
        if let directory = ProcessInfo.processInfo.environment["METROLOGY_MOBILE_DIR"], !directory.isEmpty { return directory }
        return Bundle.module.url(forResource: "Resources/mobile", withExtension: nil)?.path
    }
}
