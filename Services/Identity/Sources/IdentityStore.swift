import Crypto
import Foundation
import Logging
import PostgresNIO

/// The SQL of the identity service: sessions and signing keys here; people, roles, qualifications and signatures
/// in the `IdentityStore+…` files.
struct IdentityStore: Sendable {
    let client: PostgresClient

    func createSession(
        id: UUID, userID: UUID, device: String?, deviceKeyID: String?, refreshTokenHash: Data, expiresAt: Date, endsAt: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO sessions (id, user_id, device_id, device_key_id, refresh_token_hash, expires_at, ends_at)
            VALUES (\(id), \(userID), \(device), \(deviceKeyID), \(refreshTokenHash), \(expiresAt), \(endsAt))
            """, logger: logger)
    }

    /// A live session as a refresh finds it.
    struct RefreshableSession: Sendable {
        var id: UUID
        var user: UUID
        var device: String?
        var deviceKeyID: String?
        /// The absolute end, whatever the refreshes.
        var endsAt: Date
    }

    /// The live session holding this refresh token; `lock` takes its row for the rotation.
    func sessionForRefresh(hash: Data, lock: Bool, on connection: PostgresConnection, logger: Logger) async throws -> RefreshableSession? {
        let rows =
            lock
            ? try await connection.query(
                """
                SELECT id, user_id, device_id, device_key_id, ends_at FROM sessions
                WHERE refresh_token_hash = \(hash) AND revoked_at IS NULL AND expires_at > now() FOR UPDATE
                """, logger: logger)
            : try await connection.query(
                """
                SELECT id, user_id, device_id, device_key_id, ends_at FROM sessions
                WHERE refresh_token_hash = \(hash) AND revoked_at IS NULL AND expires_at > now()
                """, logger: logger)
        for try await (session, user, device, key, ends) in rows.decode((UUID, UUID, String?, String?, Date).self) {
            return RefreshableSession(id: session, user: user, device: device, deviceKeyID: key, endsAt: ends)
        }
        return nil
    }

    /// A refresh token the session already traded: which session, and the message id of the refresh that traded it.
    func rotatedRefreshToken(hash: Data, logger: Logger) async throws -> (session: UUID, messageID: String)? {
        let rows = try await client.query("SELECT session_id, message_id FROM rotated_refresh_tokens WHERE token_hash = \(hash)", logger: logger)
        for try await row in rows.decode((UUID, String).self) { return row }
        return nil
    }

    /// A device was disabled: its sessions end, and the revocation is kept for services that start later.
    func revokeDevice(_ device: String, at: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE sessions SET revoked_at = now() WHERE device_id = \(device) AND revoked_at IS NULL", logger: logger)
        try await connection.query(
            """
            INSERT INTO device_revocations (device_id, revoked_at) VALUES (\(device), \(at))
            ON CONFLICT (device_id) DO UPDATE SET revoked_at = GREATEST(device_revocations.revoked_at, EXCLUDED.revoked_at)
            """, logger: logger)
    }

    /// Replaces a session's refresh token, remembering the old one so that presenting it again is seen as reuse.
    func rotateRefreshToken(
        session: UUID, from old: Data, to hash: Data, expiresAt: Date, messageID: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO rotated_refresh_tokens (token_hash, session_id, message_id) VALUES (\(old), \(session), \(messageID))
            ON CONFLICT (token_hash) DO NOTHING
            """, logger: logger)
        try await connection.query(
            "UPDATE sessions SET refresh_token_hash = \(hash), expires_at = \(expiresAt) WHERE id = \(session)", logger: logger)
    }

    /// Ends a user's sessions except one; returns the ids ended.
    func revokeSessions(of user: UUID, except kept: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        var ended: [UUID] = []
        for try await id in try await connection.query(
            """
            UPDATE sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL AND (\(kept)::uuid IS NULL OR id <> \(kept))
            RETURNING id
            """, logger: logger
        ).decode(UUID.self) {
            ended.append(id)
        }
        return ended
    }

    /// Ends a session if it was live; returns its user then.
    func revokeSessionReturningUser(_ session: UUID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            "UPDATE sessions SET revoked_at = now() WHERE id = \(session) AND revoked_at IS NULL RETURNING user_id", logger: logger)
        for try await user in rows.decode(UUID.self) { return user }
        return nil
    }

    func revokeSession(_ session: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE sessions SET revoked_at = now() WHERE id = \(session) AND revoked_at IS NULL", logger: logger)
    }

    // MARK: Signing keys

    struct StoredKey: Sendable {
        var id: String
        var privateKey: Data?
        var sealedPrivateKey: Data?
        var publicKey: Data
        var createdAt: Date
        var retired: Bool
    }

    /// Every key, newest first; retired ones have no private half but still verify what they signed.
    func signingKeys(logger: Logger) async throws -> [StoredKey] {
        let rows = try await client.query(
            """
            SELECT id, private_key, private_key_sealed, public_key, created_at, retired_at IS NOT NULL
            FROM signing_keys ORDER BY created_at DESC, id
            """, logger: logger)
        var keys: [StoredKey] = []
        for try await (id, plain, sealed, publicKey, created, retired) in rows.decode((String, Data?, Data?, Data, Date, Bool).self) {
            keys.append(StoredKey(id: id, privateKey: plain, sealedPrivateKey: sealed, publicKey: publicKey, createdAt: created, retired: retired))
        }
        return keys
    }

    func insertSigningKey(id: String, sealedPrivateKey: Data, publicKey: Data, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO signing_keys (id, algorithm, private_key_sealed, public_key) VALUES (\(id), 'Ed25519', \(sealedPrivateKey), \(publicKey))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
    }

    /// Replaces a key stored in the clear (before migration 3) by its sealed form.
    func sealSigningKey(id: String, sealedPrivateKey: Data, logger: Logger) async throws {
        try await client.query(
            "UPDATE signing_keys SET private_key_sealed = \(sealedPrivateKey), private_key = NULL WHERE id = \(id)", logger: logger)
    }

    /// Destroys the private halves of keys superseded more than `grace` ago: every identity instance has moved to the
    /// newer key by then.
    func retireSupersededKeys(grace: Duration, on connection: PostgresConnection, logger: Logger) async throws {
        let seconds = Int(grace.components.seconds)
        try await connection.query(
            """
            UPDATE signing_keys k SET private_key = NULL, private_key_sealed = NULL, retired_at = now()
            WHERE k.retired_at IS NULL AND EXISTS (
                SELECT 1 FROM signing_keys n WHERE n.created_at > k.created_at AND n.created_at < now() - make_interval(secs => \(seconds)))
            """, logger: logger)
    }
}
