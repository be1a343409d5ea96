public import Foundation

/// One HTTP exchange with a converter instance. The pool's only view of the network, so its queueing, retry and error
/// rules are tested with a fake (Tests/DocumentConversionTests/Support/FakeTransport.swift).
public protocol ConverterTransport: Sendable {
    /// Sends `body` (POST when present, else GET) and returns the status and body of any HTTP answer. Throws only when
    /// no answer came: `ConverterTransportError`.
    func send(_ url: URL, body: Data?, timeout: Duration) async throws -> ConverterResponse
}

public struct ConverterResponse: Sendable, Hashable {
    public let status: Int
    public let body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// No HTTP answer: the instance is down, unreachable or slower than the pool's timeout.
public enum ConverterTransportError: Error, Sendable, Hashable {
    case timedOut
    case unreachable(String)
}
