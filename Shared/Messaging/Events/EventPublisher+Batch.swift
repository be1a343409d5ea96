public import Contracts

extension EventPublisher {
    /// Publishes envelopes in their order without waiting for each confirm in turn, then waits for the confirms, at
    /// most `confirmTimeout`. Returns the ids of the confirmed ones (a prefix may be confirmed when the connection
    /// drops mid-batch; none of those left out is lost: the caller publishes them again).
    ///
    /// In order because each `send` is queued on the connection's one thread before the next is made; a task per
    /// envelope (as before) started them in whatever order the tasks ran.
    public func publish(
        batch envelopes: [Metrology_Common_V1_EventEnvelope], confirmTimeout: Duration = .seconds(10)
    ) async -> (confirmed: Set<String>, firstError: (any Error)?) {
        let confirmations = BatchConfirmations(count: envelopes.count)
        for envelope in envelopes {
            let id = envelope.eventID
            do {
                connection.send(try Self.message(envelope), confirm: true) { confirmations.complete(id, error: $0) }
            } catch {
                confirmations.complete(id, error: error)
            }
        }
        let timer = Task {
            try await Task.sleep(for: confirmTimeout)
            confirmations.expire()
        }
        defer { timer.cancel() }
        return await confirmations.wait()
    }
}
