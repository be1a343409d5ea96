import Auth
import Hummingbird
import Messaging

/// Sets the `RequestScope` of every request of the generated API group, once: verifies the bearer token (before any
/// byte of the body is read, so an anonymous client cannot make the gateway buffer an upload) and builds the
/// `CallOptions` every RPC of the request uses. The public routes get an anonymous scope.
struct RequestScopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let verifier: TokenVerifier

    /// The routes that work without a token: signing in, getting a new token, the certificate check anyone may
    /// make with what is printed on a certificate, and the verification-results feed (its consumers authenticate with
    /// their own key, checked by reports) with its public keys.
    static var publicPaths: Set<String> {
        Set([
            "/v1/auth/login", "/v1/auth/login-challenge", "/v1/auth/refresh", CertificatesRoutes.publicCheckPath,
            CertificatesRoutes.publicDownloadPath,
        ])
        .union(ReportsRoutes.feedPublicPaths)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let scope: RequestScope
        if Self.publicPaths.contains(request.uri.path) {
            scope = RequestScope(options: try .forRequest(request, context: context), isAuthenticated: false)
        } else {
            scope = RequestScope(options: try await .authorized(request, context: context, verifier: verifier), isAuthenticated: true)
        }
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }
}
