import Hummingbird
import Messaging
import RPCCore

/// Refuses a request target longer than `maxBytes` with 414 `URI_TOO_LONG` before any route parses its query: no
/// route needs more (the longest query is a search with its filters), and an unbounded one would be carried into
/// RPCs and logs. Targets over the HTTP parser's own limit (`MalformedRequestHandler.maxRequestHeadBytes`) never get
/// this far; they are refused as `REQUEST_HEAD_TOO_LARGE` by that handler.
struct URILengthMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 8192 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let length = request.head.path?.utf8.count ?? 0
        guard length > Self.maxBytes else { return try await next(request, context) }
        let error = RPCError.invalidArgument(
            "请求地址过长（不能超过 \(Self.maxBytes) 字节），请缩短查询条件", reason: "URI_TOO_LONG", details: ["maxUriBytes": "\(Self.maxBytes)"])
        var problem = ProblemDetails(error: error, traceID: context.traceID)
        problem.status = 414
        return problem.response()
    }
}
