import Testing

@testable import Messaging

/// The outbox relay waits for a batch's confirms with its rows locked: the wait ends when all are settled, or at
/// the timeout with the missing ones counted as failed (they are published again later).
@Suite struct BatchConfirmationsTests {
    @Test("confirms in any order end the wait with every id confirmed")
    func allConfirmed() async {
        let confirmations = BatchConfirmations(count: 3)
        confirmations.complete("b", error: nil)
        confirmations.complete("a", error: nil)
        confirmations.complete("c", error: nil)
        let (confirmed, error) = await confirmations.wait()
        #expect(confirmed == ["a", "b", "c"])
        #expect(error == nil)
    }

    @Test("expiry ends the wait: the confirmed prefix is kept, the rest failed, and a late confirm is ignored")
    func expiry() async {
        let confirmations = BatchConfirmations(count: 3)
        confirmations.complete("a", error: nil)
        async let result = confirmations.wait()
        confirmations.expire()
        let (confirmed, error) = await result
        confirmations.complete("b", error: nil)
        #expect(confirmed == ["a"])
        let amqp = error as? AMQPError
        #expect(amqp?.kind == .publishFailed)
    }

    @Test("a nack is the first error; the others still count")
    func nack() async {
        let confirmations = BatchConfirmations(count: 2)
        confirmations.complete("a", error: AMQPError.nacked)
        confirmations.complete("b", error: nil)
        let (confirmed, error) = await confirmations.wait()
        #expect(confirmed == ["b"])
        #expect(error as? AMQPError == .nacked)
    }

    @Test func emptyBatch() async {
        let (confirmed, error) = await BatchConfirmations(count: 0).wait()
        #expect(confirmed.isEmpty)
        #expect(error == nil)
    }
}
