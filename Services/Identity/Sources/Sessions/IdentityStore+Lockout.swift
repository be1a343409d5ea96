import Foundation
import Logging
import PostgresNIO

/// Login attempts and lockout. Every statement here runs in a short transaction of its own, never inside a login's
/// write: a refused login rolls its write back, but the attempt it made must stay counted.
extension IdentityStore {
    /// What one login attempt found when it was counted.
    struct CountedAttempt: Sendable {
        var user: UUID
        /// Attempts counted since the last success, this one included.
        var attempts: Int
        /// Still locked (an expired lock has been lifted by this statement).
        var locked: Bool
    }

    /// Counts an attempt on a live account before its password is checked, under the row lock, so parallel guesses
    /// are counted one after the other and never more than the threshold of them reach the hash check. A lock older
    /// than `lockout` (when it is not 0) is lifted first and the count starts again.
    func countAttempt(username: String, lockout: Duration, on connection: PostgresConnection, logger: Logger) async throws -> CountedAttempt? {
        let seconds = Int(lockout.components.seconds)
        let rows = try await connection.query(
            """
            WITH target AS (
                SELECT id, locked_at IS NOT NULL AND \(seconds) > 0 AND locked_at <= now() - make_interval(secs => \(seconds)) AS expired
                FROM users WHERE lower(username) = lower(\(username)) AND status <> 'deleted' FOR UPDATE)
            UPDATE users u SET failed_logins = CASE WHEN t.expired THEN 1 ELSE u.failed_logins + 1 END,
                locked_at = CASE WHEN t.expired THEN NULL ELSE u.locked_at END
            FROM target t WHERE u.id = t.id
            RETURNING u.id, u.failed_logins, u.locked_at IS NOT NULL
            """, logger: logger)
        for try await (id, attempts, locked) in rows.decode((UUID, Int, Bool).self) {
            return CountedAttempt(user: id, attempts: attempts, locked: locked)
        }
        return nil
    }

    /// Locks the account unless it is locked already; returns whether this call locked it.
    func lock(_ user: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE users SET locked_at = now() WHERE id = \(user) AND locked_at IS NULL RETURNING 1", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// A right password takes back the attempts counted up to its own (`attempt`), unless parallel wrong guesses
    /// locked the account meanwhile; returns whether it did.
    func clearAttempts(of user: UUID, upTo attempt: Int, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE users SET failed_logins = GREATEST(failed_logins - \(attempt), 0) WHERE id = \(user) AND locked_at IS NULL RETURNING 1",
            logger: logger)
        for try await _ in rows { return true }
        return false
    }
}

extension IdentityStore {
    /// An administrator's unlock: the count starts again.
    func clearFailedLogins(of user: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE users SET failed_logins = 0, locked_at = NULL WHERE id = \(user)", logger: logger)
    }
}
