import Crypto
import Foundation
import Logging
import PostgresNIO

/// The SQL of the identity service: sessions and signing keys here; people, roles, qualifications and signatures
/// in the `IdentityStore+…` files.
struct IdentityStore: Sendable {
    let client: PostgresClient

    func createSession(id: UUID, userID: UUID, refreshTokenHash: Data, expiresAt: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "INSERT INTO sessions (id, user_id, refresh_token_hash, expires_at) VALUES (\(id), \(userID), \(refreshTokenHash), \(expiresAt))",
            logger: logger)
    }

    /// The live session holding this refresh token, locked for rotation.
    func sessionForRefresh(hash: Data, on connection: PostgresConnection, logger: Logger) async throws -> (session: UUID, user: UUID)? {
        let rows = try await connection.query(
            """
            SELECT id, user_id FROM sessions WHERE refresh_token_hash = \(hash) AND revoked_at IS NULL AND expires_at > now() FOR UPDATE
            """, logger: logger)
        for try await (session, user) in rows.decode((UUID, UUID).self) { return (session, user) }
        return nil
    }

    func rotateRefreshToken(session: UUID, hash: Data, expiresAt: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE sessions SET refresh_token_hash = \(hash), expires_at = \(expiresAt) WHERE id = \(session)", logger: logger)
    }

    func revokeSession(_ session: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE sessions SET revoked_at = now() WHERE id = \(session) AND revoked_at IS NULL", logger: logger)
    }

    // MARK: Signing keys

    struct StoredKey: Sendable {
        var id: String
        var privateKey: Data
        var publicKey: Data
        var createdAt: Date
    }

    func activeKeys(logger: Logger) async throws -> [StoredKey] {
        let rows = try await client.query(
            "SELECT id, private_key, public_key, created_at FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, id", logger: logger)
        var keys: [StoredKey] = []
        for try await (id, privateKey, publicKey, created) in rows.decode((String, Data, Data, Date).self) {
            keys.append(StoredKey(id: id, privateKey: privateKey, publicKey: publicKey, createdAt: created))
        }
        return keys
    }

    func insertKey(id: String, privateKey: Data, publicKey: Data, logger: Logger) async throws {
        try await client.query(
            """
            INSERT INTO signing_keys (id, algorithm, private_key, public_key) VALUES (\(id), 'Ed25519', \(privateKey), \(publicKey))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
    }
}
