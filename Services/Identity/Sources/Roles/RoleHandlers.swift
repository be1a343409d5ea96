import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Roles and permissions (角色与权限): administrators add roles, disable and enable them, and change what they grant.
struct RoleHandlers: Sendable {
    let store: IdentityStore

    /// The supervisor role may only read, and the system administrator role keeps what it takes to administer, so
    /// nobody can lock the lab out of its own platform.
    static let supervisor = "supervisor"
    static let systemAdministrator = "system_admin"
    static let administration: Set<String> = [Permission.usersManage.code, Permission.rolesManage.code]

    func listRoles(_ request: Metrology_Identity_V1_ListRolesRequest, _ context: CallContext) async throws -> Metrology_Identity_V1_ListRolesResponse
    {
        var response = Metrology_Identity_V1_ListRolesResponse()
        response.roles = try await store.client.withConnection { try await store.roles(on: $0, logger: context.logger) }.map(\.message)
        return response
    }

    func listPermissions(
        _ request: Metrology_Identity_V1_ListPermissionsRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_ListPermissionsResponse
    {
        var response = Metrology_Identity_V1_ListPermissionsResponse()
        response.permissions = Permission.catalogue.map { permission, title in
            var info = Metrology_Identity_V1_PermissionInfo()
            info.code = permission.code
            info.title = title
            info.readOnly = permission.isReadOnly
            return info
        }
        return response
    }

    func createRole(
        _ request: Metrology_Identity_V1_CreateRoleRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_Role
    {
        let code = request.code.trimmingCharacters(in: .whitespaces)
        guard (2...32).contains(code.count), code.first?.isLowercase == true,
            code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { throw ProfileValidation.invalid("code", "角色代码须为 2 到 32 个小写字母、数字或下划线，以字母开头", "IDENTITY_ROLE_CODE_INVALID") }
        let role = RoleRecord(
            code: code, name: try ProfileValidation.text(request.name, field: "name", title: "角色名称", required: true, max: 20), builtin: false,
            disabled: false, description: try ProfileValidation.text(request.description_p, field: "description", title: "说明", max: 200),
            permissions: try Self.known(request.permissions))
        try SeparationOfDuties.checkRoleGrant(code, adding: role.permissions, by: try context.caller())
        guard try await store.insertRole(role, on: connection, logger: context.logger) else {
            throw RPCError(code: .alreadyExists, message: "角色代码“\(code)”已存在", reason: "IDENTITY_ROLE_EXISTS", details: ["field": "code"])
        }
        try await context.audit(
            "role.created", entityType: "role", entityID: code, summary: "新增角色 \(role.name)",
            details: ["name": role.name, "permissions": role.permissions.joined(separator: ",")], on: connection)
        return role.message
    }

    func updateRole(
        _ request: Metrology_Identity_V1_UpdateRoleRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_Role
    {
        guard let before = try await store.roles(on: connection, logger: context.logger, code: request.code, lock: true).first else {
            throw RPCError.notFound("角色不存在", reason: "IDENTITY_ROLE_NOT_FOUND")
        }
        var role = before
        if request.hasName { role.name = try ProfileValidation.text(request.name, field: "name", title: "角色名称", required: true, max: 20) }
        if request.hasDescription_p {
            role.description = try ProfileValidation.text(request.description_p, field: "description", title: "说明", max: 200)
        }
        if request.hasDisabled { role.disabled = request.disabled }
        let added = try Self.known(request.addPermissions)
        let removed = try Self.known(request.removePermissions)
        role.permissions = Array(Set(role.permissions).union(added).subtracting(removed)).sorted()
        try SeparationOfDuties.checkRoleGrant(
            role.code, adding: Array(Set(role.permissions).subtracting(before.permissions)), by: try context.caller())

        if role.code == Self.supervisor, let writer = role.permissions.first(where: { !(Permission.known($0)?.isReadOnly ?? false) }) {
            throw RPCError(
                code: .failedPrecondition, message: "政府监督员只能拥有查询类权限，不能授予“\(Permission(writer).title ?? writer)”",
                reason: "IDENTITY_SUPERVISOR_READ_ONLY")
        }
        if role.code == Self.systemAdministrator && (role.disabled || !Self.administration.isSubset(of: role.permissions)) {
            throw RPCError(
                code: .failedPrecondition, message: "系统管理员角色不能停用，也不能移除人员管理、角色与权限管理权限", reason: "IDENTITY_ROLE_PROTECTED")
        }
        try await store.updateRole(role, on: connection, logger: context.logger)

        var changes: [String: String] = [:]
        if role.name != before.name { changes["name"] = "\(before.name) → \(role.name)" }
        if role.disabled != before.disabled { changes["disabled"] = "\(before.disabled) → \(role.disabled)" }
        if role.description != before.description { changes["description"] = role.description }
        let gained = Set(role.permissions).subtracting(before.permissions)
        let lost = Set(before.permissions).subtracting(role.permissions)
        if !gained.isEmpty { changes["added"] = gained.sorted().joined(separator: ",") }
        if !lost.isEmpty { changes["removed"] = lost.sorted().joined(separator: ",") }
        guard !changes.isEmpty else { return role.message }
        let action = role.disabled != before.disabled ? (role.disabled ? "role.disabled" : "role.enabled") : "role.updated"
        try await context.audit(action, entityType: "role", entityID: role.code, summary: "修改角色 \(role.name)", details: changes, on: connection)
        // Tokens carry permissions: when a role grants less, its holders' tokens stop working now; a refresh issues
        // tokens with what the role grants from now on.
        if !lost.isEmpty || (role.disabled && !before.disabled) {
            for holder in try await store.holders(of: role.code, on: connection, logger: context.logger) {
                if let user = try await store.user(id: holder, on: connection, logger: context.logger) {
                    try await UserStatusHandlers.revokeTokens(
                        of: user, event: IdentityEvents.userTokensRevoked, endSessions: false, store: store, context: context, on: connection)
                }
            }
        }
        return role.message
    }

    static func known(_ codes: [String]) throws -> [String] {
        for code in codes where Permission.known(code) == nil {
            throw ProfileValidation.invalid("permissions", "未知权限“\(code)”", "IDENTITY_PERMISSION_UNKNOWN")
        }
        return Array(Set(codes)).sorted()
    }

    /// Checks that every role to assign exists and is enabled, and that the caller may give them to `target` (nil:
    /// a new person), who held `previous` (see `SeparationOfDuties`).
    static func assignable(
        _ codes: [String], store: IdentityStore, on connection: PostgresConnection, context: CallContext, target: String? = nil,
        previous: [String] = []
    ) async throws -> [String] {
        let roles = Dictionary(uniqueKeysWithValues: try await store.roles(on: connection, logger: context.logger).map { ($0.code, $0) })
        for code in codes {
            guard let role = roles[code] else { throw ProfileValidation.invalid("roles", "角色“\(code)”不存在", "IDENTITY_ROLE_NOT_FOUND") }
            guard !role.disabled else { throw ProfileValidation.invalid("roles", "角色“\(role.name)”已停用，不能分配", "IDENTITY_ROLE_DISABLED") }
        }
        let assigned = Array(Set(codes)).sorted()
        try SeparationOfDuties.checkAssignment(assigned.compactMap { roles[$0] }, previous: previous, target: target, by: try context.caller())
        return assigned
    }
}
