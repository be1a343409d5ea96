/// Counts how often a message was delivered, across instances and restarts, so a message that kills its handler
/// every time is taken out of service instead of crashing instances forever.
public protocol RedeliveryTracker: Sendable {
    /// Records one more delivery of `messageID` and returns the total so far (1 for the first).
    func recordDelivery(messageID: String, method: String) async throws -> Int
}
