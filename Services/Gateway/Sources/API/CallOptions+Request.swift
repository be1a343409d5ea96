import Auth
import Foundation
import HTTPTypes
import Hummingbird
import Messaging
import RPCCore

extension CallOptions {
    /// Options for an RPC made on behalf of an HTTP request: its trace, the caller's token, its idempotency key and
    /// the device it claims to come from. A client that retries a write sends the same `Idempotency-Key` and gets the
    /// first outcome back.
    static func forRequest(_ request: Request, context: some RequestContext, accessToken: String? = nil) throws -> CallOptions {
        var messageID: String?
        if let key = request.headers[.idempotencyKey] {
            guard (8...128).contains(key.count), key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw RPCError.invalidArgument("Idempotency-Key 必须是 8 到 128 个字母、数字、- 或 _", reason: "IDEMPOTENCY_KEY_INVALID")
            }
            messageID = key
        }
        return CallOptions(
            timeout: .seconds(10), messageID: messageID, accessToken: accessToken, trace: context.trace, deviceID: try request.deviceID(),
            retryUnavailable: true)
    }

    /// Options for a call on behalf of a signed-in caller. The gateway refuses a missing, foreign or expired token here,
    /// before any RPC; the service verifies it again and checks the permission itself (the gateway checks none).
    static func authorized(_ request: Request, context: some RequestContext, verifier: TokenVerifier) async throws -> CallOptions {
        let token = try request.bearerToken()
        let claims = try await verifier.verify(token)
        let options = try forRequest(request, context: context, accessToken: token)
        // A mobile session's token names its device (`dev`): sent from another device it is a stolen or copied token.
        // The services refuse it too (ServiceRouter); refusing here spares the RPC. A request without the header
        // (a browser, an older app) is not refused: the binding is checked only when the device says who it is.
        if let bound = claims.dev, let claimed = options.deviceID, bound != claimed {
            throw RPCError.unauthenticated("访问令牌属于另一台设备，请在本设备重新登录", reason: "TOKEN_DEVICE_MISMATCH")
        }
        return options
    }
}

extension Request {
    /// The bearer token of the Authorization header, or UNAUTHENTICATED. The scheme name is case-insensitive
    /// (RFC 9110 §11.1): `bearer`, as some HTTP clients write it, is the same scheme. Another scheme is no token.
    func bearerToken() throws -> String {
        guard let header = headers[.authorization], let space = header.firstIndex(where: { $0 == " " || $0 == "\t" }),
            header[..<space].lowercased() == "bearer"
        else {
            throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING")
        }
        let token = header[space...].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING") }
        return token
    }

    /// `X-Device-Id`, which mobile apps send on every request; nil when absent. It travels on to the services as an
    /// AMQP header, so anything beyond a short plain identifier is refused here rather than passed along.
    func deviceID() throws -> String? {
        guard let value = headers[.deviceID] else { return nil }
        guard (1...64).contains(value.count), value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }) else {
            throw RPCError.invalidArgument(
                "X-Device-Id 必须是 1 到 64 个字母、数字、-、_、: 或 .", reason: "DEVICE_ID_INVALID", details: ["X-Device-Id": "格式无效"])
        }
        return value
    }
}

extension HTTPField.Name {
    static let deviceID = HTTPField.Name("X-Device-Id")!
}
