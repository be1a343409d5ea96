/// Thrown by an event handler whose event cannot be read (its payload is not the message its type promises). The
/// consumer sends it to the dead-letter queue with `reason` at once, instead of acknowledging it unseen or retrying
/// something that will never decode.
public struct UndecodableEvent: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "undecodable event: \(reason)" }
}
