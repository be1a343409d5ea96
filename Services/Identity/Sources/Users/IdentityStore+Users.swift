import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// People: reading, creating and changing users.
extension IdentityStore {
    static let userColumns = """
        u.id, u.username, u.display_name, u.password_hash, u.status, u.created_at, u.updated_at, u.gender, u.birth_month,
        u.id_number_masked, u.education, u.professional_title, u.position, u.failed_logins, u.locked_at, u.tokens_revoked_at,
        u.must_change_password, u.supervision_region,
        COALESCE((SELECT array_agg(ur.role_code ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), '{}') AS roles,
        COALESCE((SELECT array_agg(DISTINCT rp.permission ORDER BY rp.permission) FROM user_roles ur
                  JOIN roles r ON r.code = ur.role_code AND NOT r.disabled
                  JOIN role_permissions rp ON rp.role_code = r.code WHERE ur.user_id = u.id), '{}') AS permissions,
        COALESCE((SELECT array_agg(a.item_code ORDER BY a.item_code) FROM approved_items a WHERE a.user_id = u.id), '{}') AS approved_items
        """

    func user(username: String, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        try await users(
            connection.query("SELECT \(unescaped: Self.userColumns) FROM users u WHERE lower(u.username) = lower(\(username))", logger: logger),
            on: connection,
            logger: logger
        ).first
    }

    /// - Parameter lock: takes the row lock, for changes that read and then write the user.
    func user(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        let rows =
            lock
            ? try await connection.query("SELECT \(unescaped: Self.userColumns) FROM users u WHERE u.id = \(id) FOR UPDATE", logger: logger)
            : try await connection.query("SELECT \(unescaped: Self.userColumns) FROM users u WHERE u.id = \(id)", logger: logger)
        return try await users(rows, on: connection, logger: logger).first
    }

    struct UserQuery: Sendable {
        var text: String?
        var role: String?
        var status: String?
        var limit: Int
        var offset: Int
        /// Keyset paging: only people whose account name sorts after this one (a page's cursor); `offset` is 0 then.
        var after: String? = nil
    }

    func listUsers(_ query: UserQuery, logger: Logger) async throws -> (users: [UserRecord], total: Int64) {
        try await client.withConnection { connection in
            let pattern = query.text.map(LikePattern.containing)
            // count(*) OVER () gives the total of the whole filtered list with the page, in one statement.
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.userColumns), count(*) OVER () AS total FROM users u
                WHERE (\(pattern)::text IS NULL OR u.username ILIKE \(pattern) OR u.display_name ILIKE \(pattern)
                       OR u.position ILIKE \(pattern) OR u.professional_title ILIKE \(pattern))
                  AND (\(query.role)::text IS NULL OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role_code = \(query.role)))
                  AND (CASE WHEN \(query.status)::text IS NULL THEN u.status <> 'deleted' ELSE u.status = \(query.status) END)
                  AND (\(query.after)::text IS NULL OR u.username > \(query.after))
                ORDER BY u.username LIMIT \(query.limit) OFFSET \(query.offset)
                """, logger: logger)
            var counted: Int64?
            let users = try await users(rows, on: connection, logger: logger) { counted = $0 }
            func countAll() async throws -> Int64 {
                var total: Int64 = 0
                for try await value in try await connection.query(
                    """
                    SELECT count(*) FROM users u
                    WHERE (\(pattern)::text IS NULL OR u.username ILIKE \(pattern) OR u.display_name ILIKE \(pattern)
                           OR u.position ILIKE \(pattern) OR u.professional_title ILIKE \(pattern))
                      AND (\(query.role)::text IS NULL OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role_code = \(query.role)))
                      AND (CASE WHEN \(query.status)::text IS NULL THEN u.status <> 'deleted' ELSE u.status = \(query.status) END)
                    """, logger: logger
                ).decode(Int64.self) { total = value }
                return total
            }
            // After a cursor the window counts only the rows past it, so the whole list is counted apart.
            let total =
                query.after == nil ? try await PageRequest.total(counted: counted, offset: query.offset, count: countAll) : try await countAll()
            return (users, total)
        }
    }

    private func users(
        _ rows: PostgresRowSequence, on connection: PostgresConnection, logger: Logger, total: (Int64) -> Void = { _ in }
    ) async throws -> [UserRecord] {
        var found: [UserRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            if r.contains("total") { total(try r["total"].decode(Int64.self)) }
            found.append(
                UserRecord(
                    id: try r["id"].decode(UUID.self), username: try r["username"].decode(String.self),
                    displayName: try r["display_name"].decode(String.self),
                    passwordHash: try r["password_hash"].decode(String.self), status: try r["status"].decode(String.self),
                    createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
                    gender: try r["gender"].decode(String.self),
                    birthMonth: try r["birth_month"].decode(String.self), idNumberMasked: try r["id_number_masked"].decode(String.self),
                    education: try r["education"].decode(String.self), professionalTitle: try r["professional_title"].decode(String.self),
                    position: try r["position"].decode(String.self), failedLogins: try r["failed_logins"].decode(Int.self),
                    lockedAt: try r["locked_at"].decode(Date?.self),
                    tokensRevokedAt: try r["tokens_revoked_at"].decode(Date?.self),
                    mustChangePassword: try r["must_change_password"].decode(Bool.self),
                    supervisionRegion: try r["supervision_region"].decode(String.self), roles: try r["roles"].decode([String].self),
                    permissions: try r["permissions"].decode([String].self), approvedItems: try r["approved_items"].decode([String].self)))
        }
        guard !found.isEmpty else { return [] }
        let qualifications = try await qualifications(of: found.map(\.id), on: connection, logger: logger)
        for index in found.indices { found[index].qualifications = qualifications[found[index].id] ?? [] }
        return found
    }

    /// Creates a user unless the account name is taken (also by a deleted account, kept for history).
    func insertUser(_ user: NewUser, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let inserted = try await connection.query(
            """
            INSERT INTO users (id, username, display_name, password_hash, gender, birth_month, id_number_cipher, id_number_index,
                               id_number_masked, education, professional_title, position, must_change_password, supervision_region)
            VALUES (\(user.id), \(user.username), \(user.displayName), \(user.passwordHash), \(user.gender), \(user.birthMonth),
                    \(user.idNumberCipher), \(user.idNumberIndex), \(user.idNumberMasked), \(user.education), \(user.professionalTitle), \(user.position),
                    \(user.mustChangePassword), \(user.supervisionRegion))
            ON CONFLICT ((lower(username))) DO NOTHING RETURNING 1
            """, logger: logger)
        var created = false
        for try await _ in inserted { created = true }
        guard created else { return false }
        try await replaceRoles(of: user.id, with: user.roles, on: connection, logger: logger)
        return true
    }

    struct NewUser: Sendable {
        var id: UUID
        var username: String
        var displayName: String
        var passwordHash: String
        var gender: String = ""
        var birthMonth: String = ""
        var idNumberCipher: Data?
        var idNumberIndex: Data?
        var idNumberMasked: String = ""
        var education: String = ""
        var professionalTitle: String = ""
        var position: String = ""
        var roles: [String] = []
        /// The password was set by an administrator: the user must change it at their first login.
        var mustChangePassword = false
        var supervisionRegion = ""
    }

    /// The user id holding this ID number index, if any.
    func userHolding(idNumberIndex: Data, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        for try await id in try await connection.query("SELECT id FROM users WHERE id_number_index = \(idNumberIndex)", logger: logger).decode(
            UUID.self)
        {
            return id
        }
        return nil
    }

    func idNumberCipher(of user: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Data? {
        for try await cipher in try await connection.query("SELECT id_number_cipher FROM users WHERE id = \(user)", logger: logger).decode(Data?.self)
        {
            return cipher
        }
        return nil
    }

    func replaceRoles(of user: UUID, with roles: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM user_roles WHERE user_id = \(user)", logger: logger)
        for role in roles {
            try await connection.query("INSERT INTO user_roles (user_id, role_code) VALUES (\(user), \(role))", logger: logger)
        }
    }

    struct ProfileChange: Sendable {
        var displayName: String
        var gender: String
        var birthMonth: String
        var idNumberCipher: Data?
        var idNumberIndex: Data?
        var idNumberMasked: String
        var education: String
        var professionalTitle: String
        var position: String
        var supervisionRegion: String = ""
    }

    func updateProfile(of user: UUID, _ change: ProfileChange, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE users SET display_name = \(change.displayName), gender = \(change.gender), birth_month = \(change.birthMonth),
                id_number_cipher = \(change.idNumberCipher), id_number_index = \(change.idNumberIndex), id_number_masked = \(change.idNumberMasked),
                education = \(change.education), professional_title = \(change.professionalTitle), position = \(change.position),
                supervision_region = \(change.supervisionRegion), updated_at = now()
            WHERE id = \(user)
            """, logger: logger)
    }

    /// - Parameter mustChange: true for an administrator's reset the user has to replace, false for the user's own change.
    func setPassword(of user: UUID, hash: String, mustChange: Bool, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE users SET password_hash = \(hash), must_change_password = \(mustChange), updated_at = now() WHERE id = \(user)", logger: logger)
    }

    func setStatus(of user: UUID, to status: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE users SET status = \(status), updated_at = now() WHERE id = \(user)", logger: logger)
    }

    /// Refuses the user's access tokens issued until now, and with `endSessions` also ends their sessions (no refresh);
    /// returns the instant.
    func revokeTokens(of user: UUID, endSessions: Bool, on connection: PostgresConnection, logger: Logger) async throws -> Date {
        if endSessions {
            try await connection.query("UPDATE sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL", logger: logger)
        }
        for try await at in try await connection.query(
            "UPDATE users SET tokens_revoked_at = now() WHERE id = \(user) RETURNING tokens_revoked_at", logger: logger
        ).decode(Date.self) {
            return at
        }
        return Date()
    }

    // MARK: Revocations

    /// Sessions ended and users whose tokens were revoked within `window`: what a service starting now must refuse.
    func revocations(within window: Duration, logger: Logger) async throws -> (sessions: [UUID], users: [(UUID, Date)], devices: [(String, Date)]) {
        let seconds = Int(window.components.seconds)
        var sessions: [UUID] = []
        for try await id in try await client.query(
            "SELECT id FROM sessions WHERE revoked_at > now() - make_interval(secs => \(seconds))", logger: logger
        ).decode(UUID.self) {
            sessions.append(id)
        }
        var users: [(UUID, Date)] = []
        for try await row in try await client.query(
            "SELECT id, tokens_revoked_at FROM users WHERE tokens_revoked_at > now() - make_interval(secs => \(seconds))", logger: logger
        ).decode((UUID, Date).self) {
            users.append(row)
        }
        var devices: [(String, Date)] = []
        for try await row in try await client.query(
            "SELECT device_id, revoked_at FROM device_revocations WHERE revoked_at > now() - make_interval(secs => \(seconds))", logger: logger
        ).decode((String, Date).self) {
            devices.append(row)
        }
        return (sessions, users, devices)
    }
}
