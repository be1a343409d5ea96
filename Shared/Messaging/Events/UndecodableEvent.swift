/// Thrown by an event handler whose event cannot be read (its payload is not the message its type promises, or nobody
/// declared its type). The consumer sends it to the dead-letter queue at once, with its reason and code headers,
/// instead of acknowledging it unseen or retrying something that will never decode.
public struct UndecodableEvent: Error, Sendable, CustomStringConvertible {
    /// Stable: `EVENT_UNDECODABLE` (the payload is not its declared message) or `EVENT_TYPE_UNDECLARED`.
    public let code: String
    /// Chinese, for whoever reads the dead-letter queue.
    public let reason: String

    public init(_ reason: String, code: String = "EVENT_UNDECODABLE") {
        self.reason = reason
        self.code = code
    }

    public var description: String { "undecodable event (\(code)): \(reason)" }
}
