public import Contracts
public import Messaging

/// What the gateway needs from the services: RPC calls and the broker's state. `RPCClient` is the real one;
/// unit tests pass a fake.
public protocol GatewayBackend: Sendable {
    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions) async throws -> Response
    var isConnected: Bool { get }
}

extension RPCClient: GatewayBackend {}
