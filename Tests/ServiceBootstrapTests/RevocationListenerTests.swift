import Auth
import Contracts
import Foundation
import Logging
import Messaging
import RPCCore
import SwiftProtobuf
import Synchronization
import Testing

@testable import ServiceBootstrap

/// Revocations fail closed: until the list is loaded from identity the instance refuses signed-in calls as
/// UNAVAILABLE (and its health check says not ready); a failed load is retried; an unreadable revocation event
/// makes it load the whole list again instead of being dropped.
@Suite struct RevocationListenerTests {
    func listener(_ revocations: RevocationList, load: @escaping RevocationListener.Loader) -> RevocationListener {
        // Never started: no broker is needed to load.
        RevocationListener(
            service: "test", instanceID: "unit", configuration: AMQPConfiguration(), revocations: revocations, logger: Logger(label: "test"),
            load: load)
    }

    @Test("a failed load leaves the list unloaded (tokens refused UNAVAILABLE); the next success loads it")
    func loadsAfterFailure() async throws {
        let revocations = RevocationList(loaded: false)
        let attempts = Mutex(0)
        let listener = listener(revocations) {
            let attempt = attempts.withLock {
                $0 += 1; return $0
            }
            guard attempt > 1 else { throw RPCError.unavailable() }
            var response = Metrology_Identity_V1_ListRevocationsResponse()
            response.revokedSessionIds = ["s-revoked"]
            return response
        }
        #expect(await listener.synchronize() == false)
        #expect(!revocations.isLoaded)
        #expect(await listener.synchronize() == true)
        #expect(revocations.isLoaded)
        #expect(revocations.count == 1)
    }

    @Test("an undecodable revocation event is reported, so the whole list is loaded again")
    func undecodableEvent() throws {
        let revocations = RevocationList()
        #expect(RevocationListener.apply([0xFF, 0xFF, 0xFF], to: revocations, logger: Logger(label: "test")) == false)
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.type = "identity.session.revoked"
        envelope.payload = Data([0xFF, 0xFF])
        #expect(RevocationListener.apply(try envelope.serializedBytes(), to: revocations, logger: Logger(label: "test")) == false)
        var event = Metrology_Identity_V1_SessionRevoked()
        event.sessionID = "s1"
        envelope.payload = try event.serializedData()
        #expect(RevocationListener.apply(try envelope.serializedBytes(), to: revocations, logger: Logger(label: "test")) == true)
        #expect(revocations.count == 1)
    }

    @Test("retries back off from 200 ms to 5 s and start again after a success")
    func backoff() {
        var backoff = RetryBackoff()
        let pauses = (0..<7).map { _ in backoff.next() }
        #expect(
            pauses == [
                .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5),
            ])
        backoff.reset()
        #expect(backoff.next() == .milliseconds(200))
    }
}
