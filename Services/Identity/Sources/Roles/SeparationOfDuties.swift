import Auth
import Foundation
import Messaging
import RPCCore

/// Separation of duties (issue 14 §11), in one place: who may give which roles and permissions, which roles one
/// person may not hold together, and who may act on an administrator.
enum SeparationOfDuties {
    /// The roles that administer the platform; only a holder of one may reset, disable, delete, unlock or otherwise
    /// change a person who holds one.
    static let administratorRoles: Set<String> = ["system_admin"]

    /// 政府监督员 watches the laboratory from outside: the role may not be held together with any role that does the
    /// laboratory's work or administers it — any role granting a permission that is not read-only (系统管理员 among
    /// them). The conflict is decided from what roles grant, so a new role that writes conflicts too.
    static let supervisionRole = "supervisor"

    /// Permissions that give power over people, roles, the setup or the trail. Nobody hands out one of these they do
    /// not hold themselves. The laboratory's work permissions (records, certificates, reports) are not among them: an
    /// administrator assigns them by job without doing that work (and must not, the administrator role holds none).
    static let guardedPermissions: Set<Permission> = [
        .usersManage, .usersRevealID, .rolesManage, .setupManage, .templatesManage, .numberingManage, .devicesManage, .auditRead,
    ]

    /// The first guarded permission among `codes` the caller does not hold.
    static func lacking(_ codes: [String], by caller: Principal) -> String? {
        codes.first { guardedPermissions.contains(Permission($0)) && !caller.has(Permission($0)) }
    }

    static func conflictsWithSupervision(_ role: RoleRecord) -> Bool {
        role.code != supervisionRole && role.permissions.contains { !(Permission.known($0)?.isReadOnly ?? false) }
    }

    /// Checks giving `target` (nil: a new person) the roles `assigned`, who held `previous` before:
    /// - nobody changes their own roles;
    /// - the roles added grant no guarded permission the caller does not hold themselves;
    /// - supervision is not combined with a conflicting role.
    static func checkAssignment(
        _ assigned: [RoleRecord], previous: [String], target: String?, by caller: Principal
    ) throws {
        let added = assigned.filter { !previous.contains($0.code) }
        let removed = Set(previous).subtracting(assigned.map(\.code))
        if target == caller.userID, !added.isEmpty || !removed.isEmpty {
            throw RPCError(code: .permissionDenied, message: "不能修改自己的角色，请由其他管理员办理", reason: "IDENTITY_SELF_ROLE_CHANGE", details: ["field": "roles"])
        }
        for role in added {
            if let missing = lacking(role.permissions, by: caller) {
                throw RPCError(
                    code: .permissionDenied, message: "不能分配角色“\(role.name)”：它包含您本人没有的权限“\(Permission(missing).title ?? missing)”",
                    reason: "IDENTITY_GRANT_EXCEEDS_OWN", details: ["field": "roles", "role": role.code, "permission": missing])
            }
        }
        if assigned.contains(where: { $0.code == supervisionRole }), let conflicting = assigned.first(where: conflictsWithSupervision) {
            throw RPCError(
                code: .failedPrecondition, message: "政府监督员不能同时担任“\(conflicting.name)”", reason: "IDENTITY_ROLE_CONFLICT",
                details: ["field": "roles", "role": conflicting.code])
        }
    }

    /// A person holding an administrator role is changed only by an administrator.
    static func checkMayChange(_ target: UserRecord, by caller: Principal) throws {
        guard !administratorRoles.isDisjoint(with: target.roles), administratorRoles.isDisjoint(with: caller.roles) else { return }
        throw RPCError(
            code: .permissionDenied, message: "只有系统管理员可以修改、重置或停用系统管理员的账号", reason: "IDENTITY_ADMINISTRATOR_PROTECTED")
    }

    /// A role manager adds no permission to a role they hold themselves, and no guarded permission they do not hold.
    static func checkRoleGrant(_ role: String, adding permissions: [String], by caller: Principal) throws {
        guard !permissions.isEmpty else { return }
        if caller.roles.contains(role) {
            throw RPCError(
                code: .permissionDenied, message: "不能给自己担任的角色增加权限，请由其他管理员办理", reason: "IDENTITY_ROLE_SELF_GRANT",
                details: ["field": "addPermissions"])
        }
        if let missing = lacking(permissions, by: caller) {
            throw RPCError(
                code: .permissionDenied, message: "不能授予您本人没有的权限“\(Permission(missing).title ?? missing)”", reason: "IDENTITY_GRANT_EXCEEDS_OWN",
                details: ["field": "addPermissions", "permission": missing])
        }
    }
}
