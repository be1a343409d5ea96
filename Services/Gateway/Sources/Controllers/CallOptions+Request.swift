import Auth
import Foundation
import Hummingbird
import Messaging

extension CallOptions {
    /// Options for an RPC made on behalf of an HTTP request: its trace, the caller's token, and its idempotency key.
    /// A client that retries a write sends the same `Idempotency-Key` and gets the first outcome back.
    static func forRequest(_ request: Request, context: some RequestContext, accessToken: String? = nil) throws -> CallOptions {
        var messageID: String?
        if let key = request.headers[.idempotencyKey] {
            guard (8...128).contains(key.count), key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw RPCError.invalidArgument("Idempotency-Key 必须是 8 到 128 个字母、数字、- 或 _", reason: "IDEMPOTENCY_KEY_INVALID")
            }
            messageID = key
        }
        return CallOptions(timeout: .seconds(10), messageID: messageID, accessToken: accessToken, trace: context.trace, retryUnavailable: true)
    }

    /// Options for a call on behalf of a signed-in caller. The gateway refuses a missing, foreign or expired token here,
    /// before any RPC; the service verifies it again and checks the permission itself (the gateway checks none).
    static func authorized(_ request: Request, context: some RequestContext, verifier: TokenVerifier) async throws -> CallOptions {
        let token = try request.bearerToken()
        _ = try await verifier.verify(token)
        return try forRequest(request, context: context, accessToken: token)
    }
}

extension Request {
    /// The bearer token of the Authorization header, or UNAUTHENTICATED.
    func bearerToken() throws -> String {
        guard let header = headers[.authorization], header.hasPrefix("Bearer ") else {
            throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING")
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING") }
        return token
    }
}
