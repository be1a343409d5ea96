import Foundation
import Logging
import PostgresNIO

/// Challenges and receipts of the signature ceremony (device keys live in the devices service).
extension IdentityStore {
    struct Challenge: Sendable {
        var id: UUID
        var userID: UUID
        var meaning: String
        var resource: String
        var digest: String
        var deviceID: String
        var keyID: String
        var challenge: Data
        var expiresAt: Date
        var used: Bool = false
    }

    /// The meanings in which a person has completed signatures of a resource.
    func signedMeanings(of user: UUID, resource: String, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var meanings: [String] = []
        for try await meaning in try await connection.query(
            "SELECT DISTINCT meaning FROM signature_challenges WHERE user_id = \(user) AND resource = \(resource) AND used_at IS NOT NULL",
            logger: logger
        ).decode(String.self) {
            meanings.append(meaning)
        }
        return meanings
    }

    func insertChallenge(_ challenge: Challenge, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO signature_challenges (id, user_id, meaning, resource, digest, device_id, key_id, challenge, expires_at)
            VALUES (\(challenge.id), \(challenge.userID), \(challenge.meaning), \(challenge.resource), \(challenge.digest), \(challenge.deviceID),
                    \(challenge.keyID), \(challenge.challenge), \(challenge.expiresAt))
            """, logger: logger)
    }

    /// The challenge, locked: two completions of one challenge cannot both pass.
    func challenge(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Challenge? {
        let rows = try await connection.query(
            """
            SELECT id, user_id, meaning, resource, digest, device_id, key_id, challenge, expires_at, used_at IS NOT NULL
            FROM signature_challenges WHERE id = \(id) FOR UPDATE
            """, logger: logger)
        for try await (id, user, meaning, resource, digest, device, key, bytes, expires, used) in rows.decode(
            (UUID, UUID, String, String, String, String, String, Data, Date, Bool).self)
        {
            return Challenge(
                id: id, userID: user, meaning: meaning, resource: resource, digest: digest, deviceID: device, keyID: key, challenge: bytes,
                expiresAt: expires, used: used)
        }
        return nil
    }

    func completeChallenge(
        _ challenge: UUID, receiptID: UUID, user: UUID, method: String, handwriting: Data?, handwritingSHA256: String, receipt: String,
        signedAt: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query("UPDATE signature_challenges SET used_at = now() WHERE id = \(challenge)", logger: logger)
        try await connection.query(
            """
            INSERT INTO signature_receipts (id, challenge_id, user_id, method, handwriting_png, handwriting_sha256, receipt, signed_at)
            VALUES (\(receiptID), \(challenge), \(user), \(method), \(handwriting), \(handwritingSHA256), \(receipt), \(signedAt))
            """, logger: logger)
    }
}

extension IdentityStore {
    struct StoredSignatureImage: Sendable {
        var userID: UUID
        var printedName: String
        var signedAt: Date
        var png: Data?
        var sha256: String
    }

    /// The handwriting kept with a receipt, with the signer's name as it is now printed.
    func signatureImage(receipt: UUID, logger: Logger) async throws -> StoredSignatureImage? {
        let rows = try await client.query(
            """
            SELECT r.user_id, u.display_name, r.signed_at, r.handwriting_png, r.handwriting_sha256
            FROM signature_receipts r JOIN users u ON u.id = r.user_id WHERE r.id = \(receipt)
            """, logger: logger)
        for try await (user, name, signedAt, png, sha) in rows.decode((UUID, String, Date, Data?, String).self) {
            return StoredSignatureImage(userID: user, printedName: name, signedAt: signedAt, png: png, sha256: sha)
        }
        return nil
    }
}
