/// Failures of the broker connection itself. RPC code maps all of them to UNAVAILABLE.
public struct AMQPError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case notConnected
        case connectionLost
        case publishFailed
        case nacked
        case returned
        case invalidConfiguration
        case closed
    }

    public let kind: Kind
    public let detail: String

    public var description: String { "AMQP \(kind): \(detail)" }

    public static func notConnected(_ detail: String = "not connected to the broker") -> AMQPError { .init(kind: .notConnected, detail: detail) }
    public static func connectionLost(_ detail: String) -> AMQPError { .init(kind: .connectionLost, detail: detail) }
    public static func publishFailed(_ detail: String) -> AMQPError { .init(kind: .publishFailed, detail: detail) }
    public static func invalidConfiguration(_ detail: String) -> AMQPError { .init(kind: .invalidConfiguration, detail: detail) }
    public static let nacked = AMQPError(kind: .nacked, detail: "the broker refused the message (basic.nack)")
    public static let returned = AMQPError(kind: .returned, detail: "no queue is bound for the message (basic.return)")
    public static let closed = AMQPError(kind: .closed, detail: "the connection was closed")
}
