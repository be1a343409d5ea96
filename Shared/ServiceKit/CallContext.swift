public import Auth
public import Logging
public import Messaging
public import RPCCore

/// What a service handler receives with its request: the transport context and the verified caller, if any.
public struct CallContext: Sendable {
    public let rpc: RPCContext
    public let principal: Principal?
    /// Makes calls on behalf of this one (`call(_:_:step:)`); nil where the router was built without one.
    public let client: RPCClient?
    /// The service's token verifier, which also verifies identity's signature receipts here (`verifiedReceipt`);
    /// nil where the router was built without one.
    public let verifier: TokenVerifier?
    public var logger: Logger { rpc.logger }

    public init(rpc: RPCContext, principal: Principal?, client: RPCClient? = nil, verifier: TokenVerifier? = nil) {
        self.rpc = rpc
        self.principal = principal
        self.client = client
        self.verifier = verifier
    }

    /// The caller, for handlers registered with `.authenticated` or a permission (where it is never nil).
    public func caller() throws -> Principal {
        guard let principal else { throw RPCError.unauthenticated() }
        return principal
    }
}

/// Who may call an RPC. Every service checks this itself from the verified token; the gateway's check is extra.
public enum Access: Sendable {
    case anonymous
    case authenticated
    case permission(Permission)
}
