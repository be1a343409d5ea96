import Foundation

/// What a stored outcome answers for: the client's message id, reused only by the same caller for the same method.
public struct IdempotencyKey: Sendable, Equatable {
    public var messageID: String
    /// The full RPC method name.
    public var method: String
    /// The verified caller's user id; nil for an anonymous call (Login, Refresh).
    public var caller: String?

    public init(messageID: String, method: String, caller: String?) {
        self.messageID = messageID
        self.method = method
        self.caller = caller
    }

    /// As stored: an anonymous caller is "" (NULL in the column marks a row from before scoping).
    var storedCaller: String { caller ?? "" }

    /// Authenticated along with a sealed reply, so it opens only for the row, caller and method it was sealed for.
    var sealContext: Data { Data("\(messageID)\n\(method)\n\(storedCaller)".utf8) }
}
