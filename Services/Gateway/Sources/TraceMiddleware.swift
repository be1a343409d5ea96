import HTTPTypes
import Hummingbird
import Logging
import Messaging
import RPCCore

/// Starts or continues a W3C trace for each HTTP request and puts its id into the request's logs and response.
struct TraceMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let trace = request.headers[.traceparent].flatMap(TraceContext.init(traceparent:)) ?? .random()
        context.logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        var response = try await next(request, context)
        response.headers[.traceparent] = trace.traceparent
        return response
    }
}

extension HTTPField.Name {
    static let traceparent = HTTPField.Name("traceparent")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

extension RequestContext {
    /// The request's trace (set by TraceMiddleware), continued as a child span into RPC calls.
    var trace: TraceContext {
        guard let id = logger[metadataKey: "trace_id"].map({ "\($0)" }), let trace = TraceContext(traceID: id, spanID: "0000000000000000") else {
            return .random()
        }
        return trace.child()
    }
}

extension RequestContext {
    /// The trace id TraceMiddleware put into the logger, for problem documents made outside ProblemMiddleware.
    var traceID: String? { logger[metadataKey: "trace_id"].map { "\($0)" } }
}
