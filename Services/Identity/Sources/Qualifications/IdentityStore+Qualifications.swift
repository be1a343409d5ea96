import Foundation
import Logging
import PostgresNIO

/// Qualification certificates (资质) and approved items (核准开展项目).
extension IdentityStore {
    func qualifications(of users: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [UUID: [QualificationRecord]] {
        let rows = try await connection.query(
            """
            SELECT id, user_id, certificate_no, to_char(issued_on, 'YYYY-MM-DD'), issuer, to_char(expires_on, 'YYYY-MM-DD'), items
            FROM qualifications WHERE user_id = ANY(\(users)) ORDER BY expires_on DESC, certificate_no
            """, logger: logger)
        var result: [UUID: [QualificationRecord]] = [:]
        for try await (id, user, number, issued, issuer, expires, items) in rows.decode((UUID, UUID, String, String, String, String, [String]).self) {
            result[user, default: []].append(
                QualificationRecord(id: id, userID: user, certificateNo: number, issuedOn: issued, issuer: issuer, expiresOn: expires, items: items))
        }
        return result
    }

    func insertQualification(_ record: QualificationRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO qualifications (id, user_id, certificate_no, issued_on, issuer, expires_on, items)
            VALUES (\(record.id), \(record.userID), \(record.certificateNo), \(record.issuedOn)::date, \(record.issuer), \(record.expiresOn)::date, \(record.items))
            """, logger: logger)
    }

    /// Returns the removed qualification's certificate number, nil when it was not the user's.
    func deleteQualification(_ id: UUID, of user: UUID, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        for try await number in try await connection.query(
            "DELETE FROM qualifications WHERE id = \(id) AND user_id = \(user) RETURNING certificate_no", logger: logger
        ).decode(String.self) {
            return number
        }
        return nil
    }

    func replaceApprovedItems(of user: UUID, with items: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM approved_items WHERE user_id = \(user)", logger: logger)
        if !items.isEmpty {
            try await connection.query(
                "INSERT INTO approved_items (user_id, item_code) SELECT \(user), unnest(\(items)::text[])", logger: logger)
        }
    }
}
