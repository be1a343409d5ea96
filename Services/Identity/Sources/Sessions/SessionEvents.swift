import Contracts
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore

/// The session events identity announces, built in one place: a logout, a password change that ends the other
/// sessions and a reused refresh token all end a session the same way, and every instance's RevocationListener reads
/// the same message from each.
enum SessionEvents {
    /// Appends `identity.session.started` for `session` of `user` (lowercased UUID strings).
    static func started(session: String, user: String, trace: TraceContext?, on connection: PostgresConnection, logger: Logger) async throws {
        var event = Metrology_Identity_V1_SessionStarted()
        event.userID = user
        event.sessionID = session
        try await Outbox.append(IdentityEvents.sessionStarted, subject: user, payload: event, trace: trace, on: connection, logger: logger)
    }

    /// Appends `identity.session.revoked` for `session` of `user` (lowercased UUID strings).
    static func revoked(session: String, user: String, trace: TraceContext?, on connection: PostgresConnection, logger: Logger) async throws {
        var event = Metrology_Identity_V1_SessionRevoked()
        event.userID = user
        event.sessionID = session
        try await Outbox.append(IdentityEvents.sessionRevoked, subject: user, payload: event, trace: trace, on: connection, logger: logger)
    }
}
