import Foundation
import Logging
import PostgresNIO

/// The SQL of `seals`: the institution's signing certificate and key, one current.
enum SealStore {
    struct Row: Sendable {
        var id: UUID
        var certificatePEM: String
        /// The PKCS#8 PEM sealed by `SealKeyCipher`.
        var sealedPrivateKey: Data
        var origin: String
        var sealPNG: String?
        var installedAt: Date
    }

    static func current(on connection: PostgresConnection, logger: Logger) async throws -> Row? {
        let rows = try await connection.query(
            """
            SELECT id, certificate_pem, private_key_sealed, origin, seal_png_sha256, installed_at FROM seals
            WHERE current AND private_key_sealed IS NOT NULL
            """, logger: logger)
        for try await (id, certificate, key, origin, png, installed) in rows.decode((UUID, String, Data, String, String?, Date).self) {
            return Row(id: id, certificatePEM: certificate, sealedPrivateKey: key, origin: origin, sealPNG: png, installedAt: installed)
        }
        return nil
    }

    static func currentID(on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        for try await id in try await connection.query("SELECT id FROM seals WHERE current", logger: logger).decode(UUID.self) { return id }
        return nil
    }

    /// The first seal, made at first start; a second instance starting at the same time loses quietly (the unique
    /// index on the current seal), and both then use the winner's.
    static func insertFirst(
        _ id: UUID, certificatePEM: String, sealedPrivateKey: Data, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO seals (id, certificate_pem, private_key_sealed, origin) VALUES (\(id), \(certificatePEM), \(sealedPrivateKey), 'generated')
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// An imported seal replaces the current one; earlier ones stay, so older certificates' signers can be named.
    static func replace(
        _ id: UUID, certificatePEM: String, sealedPrivateKey: Data, by user: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query("UPDATE seals SET current = false WHERE current", logger: logger)
        try await connection.query(
            """
            INSERT INTO seals (id, certificate_pem, private_key_sealed, origin, installed_by)
            VALUES (\(id), \(certificatePEM), \(sealedPrivateKey), 'imported', \(user))
            """, logger: logger)
    }

    /// Keys stored in the clear before migration 0003: sealed once the service knows its data key.
    static func plaintextKeys(on connection: PostgresConnection, logger: Logger) async throws -> [(UUID, String)] {
        var keys: [(UUID, String)] = []
        let rows = try await connection.query("SELECT id, private_key_pem FROM seals WHERE private_key_pem IS NOT NULL", logger: logger)
        for try await (id, pem) in rows.decode((UUID, String).self) { keys.append((id, pem)) }
        return keys
    }

    static func sealKey(_ id: UUID, sealed: Data, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE seals SET private_key_sealed = \(sealed), private_key_pem = NULL WHERE id = \(id)", logger: logger)
    }

    static func setImage(_ id: UUID, sha256: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE seals SET seal_png_sha256 = \(sha256) WHERE id = \(id) AND seal_png_sha256 IS NULL", logger: logger)
    }
}
