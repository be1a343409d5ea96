import Contracts

extension EventPublisher {
    /// Publishes envelopes in order without waiting for each confirm in turn, then waits for all of them.
    /// Returns the ids of the confirmed ones (a prefix may be confirmed when the connection drops mid-batch).
    public func publish(batch envelopes: [Metrology_Common_V1_EventEnvelope]) async -> (confirmed: Set<String>, firstError: (any Error)?) {
        await withTaskGroup(of: (String, (any Error)?).self) { group in
            for envelope in envelopes {
                group.addTask {
                    do {
                        try await self.publish(envelope)
                        return (envelope.eventID, nil)
                    } catch {
                        return (envelope.eventID, error)
                    }
                }
            }
            var confirmed = Set<String>()
            var firstError: (any Error)?
            for await (id, error) in group {
                if let error { firstError = firstError ?? error } else { confirmed.insert(id) }
            }
            return (confirmed, firstError)
        }
    }
}
