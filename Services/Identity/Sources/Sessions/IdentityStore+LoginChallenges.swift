import Foundation
import Logging
import PostgresNIO

/// Login challenges: nonces a device signs to prove its key at login.
extension IdentityStore {
    func insertLoginChallenge(id: UUID, challenge: Data, expiresAt: Date, logger: Logger) async throws {
        try await client.query(
            "INSERT INTO login_challenges (id, challenge, expires_at) VALUES (\(id), \(challenge), \(expiresAt))", logger: logger)
        // Old ones are of no use to anyone; a login creates few, so this stays small.
        try await client.query("DELETE FROM login_challenges WHERE expires_at < now() - interval '1 hour'", logger: logger)
    }

    /// Uses a challenge up and returns its bytes, if it exists, was not used and has not expired at `now`.
    func consumeLoginChallenge(id: UUID, now: Date, logger: Logger) async throws -> Data? {
        let rows = try await client.query(
            """
            UPDATE login_challenges SET used_at = now() WHERE id = \(id) AND used_at IS NULL AND expires_at > \(now) RETURNING challenge
            """, logger: logger)
        for try await challenge in rows.decode(Data.self) { return challenge }
        return nil
    }
}
