import HTTPTypes
import Hummingbird
import Logging
import Messaging
import NIOCore
import RPCCore

/// Limits the anonymous routes that check a password or a refresh token (login, its challenge, refresh) per client
/// address, before anything reaches identity: one address cannot flood identity's handlers and database pool or lock
/// other people's accounts with guesses (issue 14, items 2 and 13). Signed-in routes are not limited here: a token is
/// needed to reach them, and identity refuses invalid ones cheaply. The health routes are not limited either.
///
/// A second instance, with a bucket of its own, limits the public certificate check (`Scope.publicCheck`): anonymous
/// too, and the check code printed on a certificate is all that keeps a guesser from its details. Its own bucket, so
/// that people checking certificates behind one address never lock that address out of signing in.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: TokenBucketLimiter
    let addresses: ClientAddress
    var scope: Scope = .signIn

    enum Scope: Sendable {
        /// POST login, its challenge, refresh.
        case signIn
        /// GET /v1/public/certificates/check.
        case publicCheck
    }

    /// `/v1/auth/login` and anything under it (a login challenge), and `/v1/auth/refresh`.
    static func isLimited(_ path: String) -> Bool {
        path == "/v1/auth/refresh" || path == "/v1/auth/login" || path.hasPrefix("/v1/auth/login/") || path.hasPrefix("/v1/auth/login-")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isLimited =
            switch scope {
            case .signIn: request.method == .post && Self.isLimited(request.uri.path)
            case .publicCheck:
                request.method == .get
                    && (request.uri.path == CertificatesRoutes.publicCheckPath || request.uri.path == CertificatesRoutes.publicDownloadPath)
            }
        guard isLimited else { return try await next(request, context) }
        let address = addresses.resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
        switch limiter.take(for: address) {
        case .allowed:
            return try await next(request, context)
        case .limited(let seconds):
            context.logger.notice("rate limited", metadata: ["client": "\(address)", "path": "\(request.uri.path)"])
            let error = RPCError(
                code: .resourceExhausted, message: "\(scope == .signIn ? "登录尝试" : "查询")过于频繁，请 \(seconds) 秒后再试", reason: "RATE_LIMITED",
                details: ["retryAfterSeconds": "\(seconds)"])
            return ProblemDetails(error: error, traceID: context.traceID).response(headers: [.retryAfter: "\(seconds)"])
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
