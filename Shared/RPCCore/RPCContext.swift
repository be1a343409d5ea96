public import Foundation
public import Logging

/// What a handler knows about the call besides its request message.
public struct RPCContext: Sendable {
    public let service: String
    public let method: String
    /// The caller's idempotency key; the same for every retry of one logical call.
    public let messageID: String
    public let deadline: Date?
    /// The raw authorization ("Bearer …") from the request envelope, verified by ServiceKit, never by the transport.
    public let authorization: String?
    public let trace: TraceContext
    /// The device the request claims to come from (`RpcRequest.device_id`), if any.
    public let deviceID: String?
    /// The broker delivered this message before (a previous handler died or lost its connection).
    public let redelivered: Bool
    public var logger: Logger

    public init(
        service: String, method: String, messageID: String, deadline: Date?, authorization: String?, trace: TraceContext,
        redelivered: Bool, deviceID: String? = nil, logger: Logger
    ) {
        self.deviceID = deviceID
        self.service = service
        self.method = method
        self.messageID = messageID
        self.deadline = deadline
        self.authorization = authorization
        self.trace = trace
        self.redelivered = redelivered
        self.logger = logger
    }

    /// The access token from `RpcRequest.authorization` ("Bearer <token>").
    public var bearerToken: String? {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return nil }
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
