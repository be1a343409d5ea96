import Hummingbird
import Messaging
import RPCCore

/// Answers 405 with `Allow` (RFC 9110 §15.5.6) for a path the gateway serves with other methods; Hummingbird's router
/// answers 404 for any method it has no route for, which tells a client the resource does not exist when only the
/// method is wrong. Added after every route, so it wraps only the router's not-found answer: it costs nothing on a
/// matched route, and a path no route has still ends as 404 `ROUTE_NOT_FOUND`.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each served path pattern with its methods, in the order routes were added.
    let routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)]

    init(routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        var grouped: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []
        for route in routes {
            if let index = grouped.firstIndex(where: { $0.path == route.path }) {
                grouped[index].methods.insert(route.method)
            } else {
                grouped.append((route.path, [route.method]))
            }
        }
        self.routes = grouped
    }

    /// The methods served at `path`, or nil when no route pattern matches it.
    func allowedMethods(for path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: Set<HTTPRequest.Method>?
        for route in routes where route.path.components.count == segments.count {
            if zip(route.path.components, segments).allSatisfy({ $0 ~= $1 }) { allowed = (allowed ?? []).union(route.methods) }
        }
        return allowed
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let allowed = allowedMethods(for: request.uri.path), !allowed.contains(request.method) else { return try await next(request, context) }
        let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        let error = RPCError(code: .unimplemented, message: "该接口不支持 \(request.method.rawValue) 请求，可用：\(list)", reason: "METHOD_NOT_ALLOWED")
        var problem = ProblemDetails(error: error, traceID: context.traceID)
        problem.status = 405
        return problem.response(headers: [.allow: list])
    }
}
