public import Auth
public import Contracts
import Logging
public import Messaging
public import Persistence
public import PostgresNIO
public import RPCCore
import SwiftProtobuf

/// Registers a service's RPCs with their access rule; writes run once per message id in one transaction with their
/// stored outcome and outbox events (see `IdempotentWriter`).
public struct ServiceRouter: Sendable {
    public internal(set) var rpc = RPCRouter()
    /// Where each method was registered (the `routes(_:)` line), by full name: the shape test reads the handler's name
    /// there, since a closure does not carry one (issue 15: each handler is named after its RPC).
    public internal(set) var registrations: [String: Registration] = [:]
    public let verifier: TokenVerifier
    public let writer: IdempotentWriter?
    /// What handlers call other services with (`CallContext.call`).
    public let client: RPCClient?
    /// Runs after each write committed; the runtime wakes the outbox relay with it.
    let afterCommit: @Sendable () -> Void

    public init(verifier: TokenVerifier, writer: IdempotentWriter?, client: RPCClient? = nil, afterCommit: @escaping @Sendable () -> Void = {}) {
        self.verifier = verifier
        self.writer = writer
        self.client = client
        self.afterCommit = afterCommit
    }

    /// Registers a raw handler, for the rare RPC that needs control over its own transaction.
    public mutating func register(_ fullName: String, _ handler: @escaping RPCHandler, file: String = #filePath, line: Int = #line) {
        registrations[fullName] = Registration(file: file, line: line)
        let afterCommit = self.afterCommit
        rpc.register(fullName) { payload, context in
            defer { afterCommit() }
            return try await handler(payload, context)
        }
    }

    /// A read: no database transaction is opened for it, and a retry simply runs again.
    public mutating func query<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access, _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response,
        file: String = #filePath, line: Int = #line
    ) {
        registrations[method.fullName] = Registration(file: file, line: line)
        let verifier = self.verifier
        let client = self.client
        rpc.register(method) { request, context in
            let principal = try await Self.authorize(context, access: access, verifier: verifier)
            try NULBackstop.check(request)
            return try await handler(request, CallContext(rpc: context, principal: principal, client: client, verifier: verifier))
        }
    }

    /// A write: executed at most once per message id; `connection` is inside the transaction.
    public mutating func write<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access,
        _ handler: @escaping @Sendable (Request, CallContext, PostgresConnection) async throws -> Response,
        file: String = #filePath, line: Int = #line
    ) {
        write(method, access: access, handler, afterFailure: nil, file: file, line: line)
    }

    /// A write whose refusal must leave a trace that survives its rollback (an audit entry of a refused attempt).
    /// `afterFailure` runs once the write's transaction has rolled back and returned its connection to the pool, in a
    /// transaction of its own: a handler that opened a second transaction while holding the first would wait for a
    /// second pooled connection, and under load, with every connection held by such a waiter, none would come back.
    /// It also runs when a retry replays the stored refusal; its own failure is logged, the caller gets the refusal.
    public mutating func write<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access,
        _ handler: @escaping @Sendable (Request, CallContext, PostgresConnection) async throws -> Response,
        afterFailure: (@Sendable (Request, CallContext, RPCError, PostgresConnection) async throws -> Void)?,
        file: String = #filePath, line: Int = #line
    ) {
        write(
            method, access: access, prepare: { _, _ in () }, { request, _, context, connection in try await handler(request, context, connection) },
            afterFailure: afterFailure, file: file, line: line)
    }

    /// A write that needs other services' answers: `prepare` makes its calls (`CallContext.call`) before the write's
    /// transaction opens, and only when no outcome is stored for the message id yet; `handler` gets what it returned
    /// inside the transaction. A retry after a failure between the two reaches the inner calls' stored outcomes
    /// (derived message ids), so an inner write such as a gapless number happens once (see `IdempotentWriter`).
    public mutating func write<Request, Prepared: Sendable, Response>(
        _ method: RPCMethod<Request, Response>, access: Access,
        prepare: @escaping @Sendable (Request, CallContext) async throws -> Prepared,
        _ handler: @escaping @Sendable (Request, Prepared, CallContext, PostgresConnection) async throws -> Response,
        afterFailure: (@Sendable (Request, CallContext, RPCError, PostgresConnection) async throws -> Void)? = nil,
        file: String = #filePath, line: Int = #line
    ) {
        registrations[method.fullName] = Registration(file: file, line: line)
        guard let writer else { preconditionFailure("write handlers need a database") }
        let verifier = self.verifier
        let client = self.client
        let afterCommit = self.afterCommit
        rpc.register(method.fullName) { payload, context in
            defer { afterCommit() }
            let (request, call, key): (Request, CallContext, IdempotencyKey) = try await Self.admit(
                payload, context, method: method.fullName, access: access, verifier: verifier, client: client)
            do {
                return try await writer.once(key, request: payload, logger: context.logger, prepare: { try await prepare(request, call) }) {
                    prepared, connection in
                    try await handler(request, prepared, call, connection).serializedBytes()
                }
            } catch let error as RPCError {
                if let afterFailure {
                    do {
                        try await writer.client.transaction(logger: context.logger) { try await afterFailure(request, call, error, $0) }
                    } catch {
                        context.logger.error("recording a refused write failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                throw error
            }
        }
    }

    /// The source line that registered a method (see `registrations`).
    public struct Registration: Sendable, Hashable {
        public let file: String
        public let line: Int
    }

    /// What every write checks before it runs: the payload decodes, the caller's token and access, no NUL; and the key
    /// its outcome is stored under, which answers only for the caller and method that first used it
    /// (IDEMPOTENCY_KEY_CONFLICT otherwise).
    static func admit<Request: SwiftProtobuf.Message>(
        _ payload: [UInt8], _ context: RPCContext, method: String, access: Access, verifier: TokenVerifier, client: RPCClient?
    ) async throws -> (Request, CallContext, IdempotencyKey) {
        let request: Request
        do { request = try Request(serializedBytes: payload) } catch { throw MalformedPayload(method: method) }
        let principal = try await authorize(context, access: access, verifier: verifier)
        try NULBackstop.check(request)
        let key = IdempotencyKey(messageID: context.messageID, method: method, caller: principal?.userID)
        return (request, CallContext(rpc: context, principal: principal, client: client, verifier: verifier), key)
    }

    static func authorize(_ context: RPCContext, access: Access, verifier: TokenVerifier) async throws -> Principal? {
        if case .anonymous = access { return nil }
        guard let token = context.bearerToken else { throw RPCError.unauthenticated("缺少访问令牌，请先登录", reason: "TOKEN_MISSING") }
        let principal = Principal(claims: try await verifier.verify(token), token: token)
        // A mobile token is bound to its device: a request without it, or claiming another, is not its bearer's.
        try principal.requireDevice(claimed: context.deviceID)
        // An administrator-set password must be changed before anything else (issue 14 §10).
        try PendingPasswordChange.check(principal, method: context.method)
        if case .permission(let permission) = access { try principal.require(permission) }
        return principal
    }
}
