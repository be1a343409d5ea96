import Messaging
import RPCCore

/// What a generated handler knows about its HTTP request: the options of the RPCs it makes on the caller's behalf
/// (token, device id, Idempotency-Key, trace; see `CallOptions.forRequest`). Generated handlers get only their typed
/// input, not Hummingbird's context, so `RequestScopeMiddleware` sets this once per request, as a task local, before
/// the generated layer runs; nothing below it reads headers again.
struct RequestScope: Sendable {
    /// The caller's options; anonymous (no token) on the public routes, verified on every other.
    var options: CallOptions
    /// False on the public routes (login, its challenge, refresh), which carry no verified caller.
    var isAuthenticated: Bool

    @TaskLocal static var current: RequestScope?

    /// The scope of the request being handled. Missing only when a route was registered outside the `/v1` group,
    /// which is a programming error: answered as INTERNAL rather than a call without the caller's token.
    static func get() throws -> RequestScope {
        guard let scope = current else {
            throw RPCError(code: .internal, message: "请求上下文缺失", reason: "REQUEST_SCOPE_MISSING")
        }
        return scope
    }
}
