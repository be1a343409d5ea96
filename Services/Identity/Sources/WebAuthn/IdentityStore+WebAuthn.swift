import Foundation
import Logging
import PostgresNIO

/// WebAuthn credentials and their registration challenges.
extension IdentityStore {
    struct StoredCredential: Sendable {
        var id: String
        var userID: UUID
        var deviceID: String
        var publicKey: Data
        var signCount: Int64
        var createdAt: Date
        var lastUsedAt: Date?
    }

    struct Registration: Sendable {
        var id: UUID
        var userID: UUID
        var deviceID: String
        var challenge: Data
        var expiresAt: Date
        var used: Bool
    }

    func insertRegistration(_ registration: Registration, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO webauthn_registrations (id, user_id, device_id, challenge, expires_at)
            VALUES (\(registration.id), \(registration.userID), \(registration.deviceID), \(registration.challenge), \(registration.expiresAt))
            """, logger: logger)
        // Unanswered ones are of no use after an hour; few are made, so this stays small.
        try await connection.query("DELETE FROM webauthn_registrations WHERE expires_at < now() - interval '1 hour'", logger: logger)
    }

    /// The registration challenge, locked: two completions cannot both use it.
    func registration(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Registration? {
        let rows = try await connection.query(
            """
            SELECT id, user_id, device_id, challenge, expires_at, used_at IS NOT NULL FROM webauthn_registrations WHERE id = \(id) FOR UPDATE
            """, logger: logger)
        for try await (id, user, device, challenge, expires, used) in rows.decode((UUID, UUID, String, Data, Date, Bool).self) {
            return Registration(id: id, userID: user, deviceID: device, challenge: challenge, expiresAt: expires, used: used)
        }
        return nil
    }

    func useRegistration(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE webauthn_registrations SET used_at = now() WHERE id = \(id)", logger: logger)
    }

    func insertCredential(
        id: String, user: UUID, device: String, publicKey: Data, signCount: Int64, attestation: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Date? {
        let rows = try await connection.query(
            """
            INSERT INTO webauthn_credentials (id, user_id, device_id, public_key, sign_count, attestation)
            VALUES (\(id), \(user), \(device), \(publicKey), \(signCount), \(attestation))
            ON CONFLICT (id) DO NOTHING RETURNING created_at
            """, logger: logger)
        for try await created in rows.decode(Date.self) { return created }
        return nil
    }

    private static let credentialColumns = "id, user_id, device_id, public_key, sign_count, created_at, last_used_at"

    /// A user's credentials, on one device or on all.
    func credentials(of user: UUID, device: String?, on connection: PostgresConnection, logger: Logger) async throws -> [StoredCredential] {
        try await decodeCredentials(
            try await connection.query(
                """
                SELECT \(unescaped: Self.credentialColumns) FROM webauthn_credentials
                WHERE user_id = \(user) AND (\(device)::text IS NULL OR device_id = \(device)) ORDER BY created_at, id
                """, logger: logger))
    }

    /// - Parameter lock: takes the row, so two assertions cannot both pass the counter check.
    func credential(id: String, lock: Bool, on connection: PostgresConnection, logger: Logger) async throws -> StoredCredential? {
        let rows =
            lock
            ? try await connection.query(
                "SELECT \(unescaped: Self.credentialColumns) FROM webauthn_credentials WHERE id = \(id) FOR UPDATE", logger: logger)
            : try await connection.query("SELECT \(unescaped: Self.credentialColumns) FROM webauthn_credentials WHERE id = \(id)", logger: logger)
        return try await decodeCredentials(rows).first
    }

    func recordAssertion(credential id: String, signCount: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE webauthn_credentials SET sign_count = \(signCount), last_used_at = now() WHERE id = \(id)", logger: logger)
    }

    func deleteCredential(id: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM webauthn_credentials WHERE id = \(id)", logger: logger)
    }

    func setReceiptCredential(receipt: UUID, credential: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE signature_receipts SET credential_id = \(credential) WHERE id = \(receipt)", logger: logger)
    }

    private func decodeCredentials(_ rows: PostgresRowSequence) async throws -> [StoredCredential] {
        var credentials: [StoredCredential] = []
        for try await (id, user, device, key, count, created, used) in rows.decode((String, UUID, String, Data, Int64, Date, Date?).self) {
            credentials.append(
                StoredCredential(id: id, userID: user, deviceID: device, publicKey: key, signCount: count, createdAt: created, lastUsedAt: used))
        }
        return credentials
    }
}
