public import Contracts
public import RPCCore
import SwiftProtobuf

/// Takes encoded request bytes, returns encoded response bytes, or throws (an `RPCError` for expected failures).
public typealias RPCHandler = @Sendable (_ payload: [UInt8], _ context: RPCContext) async throws -> [UInt8]

/// Thrown when a request body is not the protobuf message the method expects: the caller gets INVALID_ARGUMENT
/// and a copy goes to the dead-letter queue for people to look at.
public struct MalformedPayload: Error, Sendable {
    public let method: String
    public init(method: String) { self.method = method }
}

/// Maps full method names to handlers.
public struct RPCRouter: Sendable {
    public private(set) var handlers: [String: RPCHandler] = [:]

    public init() {}

    public mutating func register(_ fullName: String, _ handler: @escaping RPCHandler) {
        precondition(handlers[fullName] == nil, "\(fullName) registered twice")
        handlers[fullName] = handler
    }

    /// Registers a typed handler; decoding and encoding happen here.
    public mutating func register<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        register(method.fullName) { payload, context in
            let request: Request
            do { request = try Request(serializedBytes: payload) } catch { throw MalformedPayload(method: method.fullName) }
            return try await handler(request, context).serializedBytes()
        }
    }
}
