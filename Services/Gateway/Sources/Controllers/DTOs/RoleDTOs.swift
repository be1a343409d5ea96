import Contracts
import Foundation

// Roles and permissions (角色与权限).

struct RoleDTO: Codable, Sendable {
    var code: String
    var name: String
    var builtin: Bool
    var disabled: Bool
    var permissions: [String]
    var description: String

    init(_ role: Metrology_Identity_V1_Role) {
        code = role.code
        name = role.name
        builtin = role.builtin
        disabled = role.disabled
        permissions = role.permissions
        description = role.description_p
    }
}

struct RoleListDTO: Codable, Sendable {
    var roles: [RoleDTO]
}

struct CreateRoleBody: Codable, Sendable {
    var code: String
    var name: String
    var permissions: [String]?
    var description: String?
}

/// PATCH semantics: absent fields stay; permissions change by difference so two editors do not undo each other.
struct UpdateRoleBody: Codable, Sendable {
    var name: String?
    var disabled: Bool?
    var addPermissions: [String]?
    var removePermissions: [String]?
    var description: String?
}

struct PermissionDTO: Codable, Sendable {
    var code: String
    var title: String
    var readOnly: Bool

    init(_ permission: Metrology_Identity_V1_PermissionInfo) {
        code = permission.code
        title = permission.title
        readOnly = permission.readOnly
    }
}

struct PermissionListDTO: Codable, Sendable {
    var permissions: [PermissionDTO]
}
