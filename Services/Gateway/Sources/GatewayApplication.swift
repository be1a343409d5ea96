public import Auth
public import Contracts
public import Hummingbird
public import HummingbirdCore
import Logging
import Messaging

/// Builds the gateway's HTTP application; tests build the same one with a fake backend.
public enum GatewayApplication {
    /// `rateLimitClock` replaces the continuous clock of the per-address rate limit (tests).
    public static func buildRouter(
        backend: any GatewayBackend, verifier: TokenVerifier, services: [String] = ServiceNames.all, consoleDirectory: String? = nil,
        mobileDirectory: String? = nil,
        rateLimit: RateLimitSettings = .init(), rateLimitClock: (@Sendable () -> Duration)? = nil
    ) throws -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: TraceMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: URILengthMiddleware())
        if rateLimit.isEnabled {
            let limiter = TokenBucketLimiter(settings: rateLimit, now: rateLimitClock ?? TokenBucketLimiter.continuousNow)
            router.add(middleware: RateLimitMiddleware(limiter: limiter, addresses: ClientAddress(trustedProxies: rateLimit.trustedProxies)))
            let checks = TokenBucketLimiter(settings: rateLimit, now: rateLimitClock ?? TokenBucketLimiter.continuousNow)
            router.add(
                middleware: RateLimitMiddleware(
                    limiter: checks, addresses: ClientAddress(trustedProxies: rateLimit.trustedProxies), scope: .publicCheck))
        }
        // Inside the problem middleware, so a console file that does not exist is a problem document like any 404.
        if let console = consoleDirectory ?? ConsoleMiddleware<GatewayRequestContext>.bundledDirectory() {
            router.add(middleware: ConsoleMiddleware(directory: console))
        }
        if let mobile = mobileDirectory ?? MobileAppMiddleware<GatewayRequestContext>.bundledDirectory() {
            router.add(middleware: MobileAppMiddleware(directory: mobile))
        }
        HealthController(backend: backend, services: services, revocations: verifier.revocations).addRoutes(to: router)
        // The operations served through the generated API modules (one source: openapi.yaml).
        try GeneratedRoutes.add(to: router, backend: backend, verifier: verifier)
        try OpenAPIController().addRoutes(to: router)
        // Last: a middleware added after the routes wraps only the router's not-found answer (see the type).
        router.add(middleware: MethodNotAllowedMiddleware<GatewayRequestContext>(routes: router.routes.map { ($0.path, $0.method) }))
        return router
    }

    /// The HTTP/1.1 server with the handler that answers unparseable requests with a problem document.
    public static var server: HTTPServerBuilder {
        .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestHandler()]))
    }
}
