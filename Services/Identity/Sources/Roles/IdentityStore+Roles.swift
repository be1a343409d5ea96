import Foundation
import Logging
import PostgresNIO

/// Roles and the permissions they grant.
extension IdentityStore {
    func roles(on connection: PostgresConnection, logger: Logger, code: String? = nil, lock: Bool = false) async throws -> [RoleRecord] {
        let rows = try await connection.query(
            """
            SELECT r.code, r.name, r.builtin, r.disabled, r.description,
                   COALESCE((SELECT array_agg(rp.permission ORDER BY rp.permission) FROM role_permissions rp WHERE rp.role_code = r.code), '{}')
            FROM roles r WHERE (\(code)::text IS NULL OR r.code = \(code)) ORDER BY r.builtin DESC, r.created_at, r.code
            """, logger: logger)
        var roles: [RoleRecord] = []
        for try await (code, name, builtin, disabled, description, permissions) in rows.decode((String, String, Bool, Bool, String, [String]).self) {
            roles.append(RoleRecord(code: code, name: name, builtin: builtin, disabled: disabled, description: description, permissions: permissions))
        }
        if lock, let code {
            try await connection.query("SELECT 1 FROM roles WHERE code = \(code) FOR UPDATE", logger: logger)
        }
        return roles
    }

    func insertRole(_ role: RoleRecord, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var created = false
        for try await _ in try await connection.query(
            """
            INSERT INTO roles (code, name, description) VALUES (\(role.code), \(role.name), \(role.description))
            ON CONFLICT (code) DO NOTHING RETURNING 1
            """, logger: logger)
        {
            created = true
        }
        guard created else { return false }
        try await setPermissions(of: role.code, to: role.permissions, on: connection, logger: logger)
        return true
    }

    func updateRole(_ role: RoleRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE roles SET name = \(role.name), disabled = \(role.disabled), description = \(role.description) WHERE code = \(role.code)",
            logger: logger)
        try await setPermissions(of: role.code, to: role.permissions, on: connection, logger: logger)
    }

    private func setPermissions(of role: String, to permissions: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM role_permissions WHERE role_code = \(role)", logger: logger)
        if !permissions.isEmpty {
            try await connection.query(
                "INSERT INTO role_permissions (role_code, permission) SELECT \(role), unnest(\(permissions)::text[])", logger: logger)
        }
    }

    /// Users holding the role (to end their tokens when the role loses permissions or is disabled).
    func holders(of role: String, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        var users: [UUID] = []
        for try await id in try await connection.query("SELECT user_id FROM user_roles WHERE role_code = \(role)", logger: logger).decode(UUID.self) {
            users.append(id)
        }
        return users
    }
}
