public import Hummingbird
public import NIOCore

/// The gateway's request context: Hummingbird's basic one plus the socket peer's address, which the per-address rate
/// limit keys on. Tests that run the router without a socket get nil, which the limit treats as one unknown client.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
