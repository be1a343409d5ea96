import Crypto
import Foundation
import Logging
import PostgresNIO

/// All SQL of the identity service.
struct IdentityStore: Sendable {
    let client: PostgresClient

    func user(username: String, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        let rows = try await connection.query(
            "SELECT id, username, display_name, password_hash, disabled, created_at FROM users WHERE username = \(username)", logger: logger)
        return try await withRoles(rows, on: connection, logger: logger)
    }

    func user(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        let rows = try await connection.query(
            "SELECT id, username, display_name, password_hash, disabled, created_at FROM users WHERE id = \(id)", logger: logger)
        return try await withRoles(rows, on: connection, logger: logger)
    }

    private func withRoles(_ rows: PostgresRowSequence, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        var found: UserRecord?
        for try await (id, username, name, hash, disabled, created) in rows.decode((UUID, String, String, String, Bool, Date).self) {
            found = UserRecord(id: id, username: username, displayName: name, passwordHash: hash, disabled: disabled, createdAt: created, roles: [], permissions: [])
        }
        guard var user = found else { return nil }
        let roleRows = try await connection.query(
            "SELECT r.code FROM user_roles ur JOIN roles r ON r.code = ur.role_code WHERE ur.user_id = \(user.id) AND NOT r.disabled ORDER BY r.code",
            logger: logger)
        for try await code in roleRows.decode(String.self) { user.roles.append(code) }
        let permissionRows = try await connection.query(
            """
            SELECT DISTINCT rp.permission FROM user_roles ur JOIN roles r ON r.code = ur.role_code
            JOIN role_permissions rp ON rp.role_code = r.code WHERE ur.user_id = \(user.id) AND NOT r.disabled ORDER BY rp.permission
            """, logger: logger)
        for try await permission in permissionRows.decode(String.self) { user.permissions.append(permission) }
        return user
    }

    /// Creates a user unless the name is taken; returns nil when it was.
    func createUser(
        id: UUID, username: String, displayName: String, passwordHash: String, roles: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let inserted = try await connection.query(
            """
            INSERT INTO users (id, username, display_name, password_hash) VALUES (\(id), \(username), \(displayName), \(passwordHash))
            ON CONFLICT (username) DO NOTHING RETURNING 1
            """, logger: logger)
        var created = false
        for try await _ in inserted { created = true }
        guard created else { return false }
        for role in roles {
            try await connection.query("INSERT INTO user_roles (user_id, role_code) VALUES (\(id), \(role))", logger: logger)
        }
        return true
    }

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
