public import SwiftProtobuf

/// Names one RPC: which service's queue takes it, its full gRPC-style name, and its message types.
/// The `type` property of every request carries `fullName`, e.g. `/metrology.identity.v1.IdentityService/Login`.
public struct RPCMethod<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>: Sendable {
    /// The short service name that owns the request queue, e.g. "identity" → `metrology.identity.rpc`.
    public let service: String
    public let fullName: String
    /// `QueueNames.rpcQueue(service)`, made once here rather than on every call.
    public let queue: String

    public init(service: String, fullName: String) {
        self.service = service
        self.fullName = fullName
        queue = QueueNames.rpcQueue(service)
    }
}

/// The queue and exchange names every service and client agrees on.
public enum QueueNames {
    public static let eventsExchange = "metrology.events"
    public static let deadLetterExchange = "metrology.dlx"

    public static func rpcQueue(_ service: String) -> String { "metrology.\(service).rpc" }
    public static func deadLetterQueue(_ service: String) -> String { "metrology.\(service).dlq" }
    public static func eventQueue(_ service: String, _ subscriber: String) -> String { "metrology.\(service).events.\(subscriber)" }
}

/// The services of the platform, in start order.
public enum ServiceNames {
    public static let all = ["identity", "devices", "flows", "records", "certificates", "reports"]
}
