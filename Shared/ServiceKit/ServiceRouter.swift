import Auth
import Contracts
import Logging
import Messaging
import Persistence
import PostgresNIO
import SwiftProtobuf

/// Registers a service's RPCs with their access rule; writes run once per message id in one transaction with their
/// stored outcome and outbox events (see `IdempotentWriter`).
public struct ServiceRouter: Sendable {
    public private(set) var rpc = RPCRouter()
    public let verifier: TokenVerifier
    public let writer: IdempotentWriter?
    /// Runs after each write committed; the runtime wakes the outbox relay with it.
    let afterCommit: @Sendable () -> Void

    public init(verifier: TokenVerifier, writer: IdempotentWriter?, afterCommit: @escaping @Sendable () -> Void = {}) {
        self.verifier = verifier
        self.writer = writer
        self.afterCommit = afterCommit
    }

    /// Registers a raw handler, for the rare RPC that needs control over its own transaction.
    public mutating func register(_ fullName: String, _ handler: @escaping RPCHandler) {
        let afterCommit = self.afterCommit
        rpc.register(fullName) { payload, context in
            defer { afterCommit() }
            return try await handler(payload, context)
        }
    }

    /// A read: no database transaction is opened for it, and a retry simply runs again.
    public mutating func query<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access, _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response
    ) {
        let verifier = self.verifier
        rpc.register(method) { request, context in
            let principal = try await Self.authorize(context, access: access, verifier: verifier)
            try NULBackstop.check(request)
            return try await handler(request, CallContext(rpc: context, principal: principal))
        }
    }

    /// A write: executed at most once per message id; `connection` is inside the transaction.
    public mutating func write<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access,
        _ handler: @escaping @Sendable (Request, CallContext, PostgresConnection) async throws -> Response
    ) {
        guard let writer else { preconditionFailure("write handlers need a database") }
        let verifier = self.verifier
        let afterCommit = self.afterCommit
        rpc.register(method.fullName) { payload, context in
            defer { afterCommit() }
            let request: Request
            do { request = try Request(serializedBytes: payload) } catch { throw MalformedPayload(method: method.fullName) }
            let principal = try await Self.authorize(context, access: access, verifier: verifier)
            try NULBackstop.check(request)
            let call = CallContext(rpc: context, principal: principal)
            // A key answers only for the caller and method that first used it (IDEMPOTENCY_KEY_CONFLICT otherwise).
            let key = IdempotencyKey(messageID: context.messageID, method: method.fullName, caller: principal?.userID)
            return try await writer.once(key, request: payload, logger: context.logger) { connection in
                try await handler(request, call, connection).serializedBytes()
            }
        }
    }

    static func authorize(_ context: RPCContext, access: Access, verifier: TokenVerifier) async throws -> Principal? {
        if case .anonymous = access { return nil }
        guard let token = context.bearerToken else { throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING") }
        let principal = Principal(claims: try await verifier.verify(token), token: token)
        // A mobile token is bound to its device: a request claiming another device is not its bearer's.
        if let bound = principal.deviceID, let claimed = context.deviceID, bound != claimed {
            throw RPCError.unauthenticated("访问令牌属于另一台设备，请在本设备重新登录", reason: "TOKEN_DEVICE_MISMATCH")
        }
        if case .permission(let permission) = access { try principal.require(permission) }
        return principal
    }
}
