import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Separation of duties (issue 14 §11): nobody hands out power they do not hold, changes their own roles or an
/// administrator's account without being one, or holds supervision together with a role it supervises.
@Suite("Identity: separation of duties", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityDutiesTests {
    /// A custom role with the given permissions, and a person holding only it, logged in.
    func holder(_ fx: IdentityFixtures, _ prefix: String, permissions: [String]) async throws -> (user: Metrology_Identity_V1_User, token: String) {
        var role = Metrology_Identity_V1_CreateRoleRequest()
        role.code = "r_" + String(UUID().uuidString.prefix(8)).lowercased()
        role.name = "测试\(prefix)"
        role.permissions = permissions
        _ = try await fx.client.call(IdentityMethods.createRole, role, options: .init(accessToken: fx.adminToken))
        let user = try await fx.createUser(prefix, roles: [role.code])
        return (user, try await fx.login(user.username).accessToken)
    }

    func adminID(_ fx: IdentityFixtures) async throws -> String {
        try await fx.client.call(IdentityMethods.getMe, .init(), options: .init(accessToken: fx.adminToken)).user.id
    }

    @Test("a users.manage holder cannot give roles with power they lack, change their own roles, or touch an administrator")
    func peopleAdministrator() async throws {
        let fx = try await IdentityFixtures.make("duties-people")
        defer { Task { await fx.close() } }
        let (manager, token) = try await holder(fx, "people", permissions: ["users.manage"])

        let escalate = try await expectRPCError(.permissionDenied) {
            _ = try await fx.createUser("made-admin", roles: ["system_admin"], token: token)
        }
        #expect(escalate.reason == "IDENTITY_GRANT_EXCEEDS_OWN")
        // Work roles are assigned by job, without the manager holding the work's permissions.
        _ = try await fx.createUser("made-metrologist", roles: ["metrologist"], token: token)

        var own = Metrology_Identity_V1_UpdateUserRequest()
        own.userID = manager.id
        own.replaceRoles = true
        own.roles = manager.roles + ["metrologist"]
        let selfChange = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.updateUser, own, options: .init(accessToken: token))
        }
        #expect(selfChange.reason == "IDENTITY_SELF_ROLE_CHANGE")

        let admin = try await adminID(fx)
        var reset = Metrology_Identity_V1_UpdateUserRequest()
        reset.userID = admin
        reset.password = "Taken-Over-Passw0rd!"
        let resetRefused = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.updateUser, reset, options: .init(accessToken: token))
        }
        #expect(resetRefused.reason == "IDENTITY_ADMINISTRATOR_PROTECTED")
        var disable = Metrology_Identity_V1_UserActionRequest()
        disable.userID = admin
        disable.reason = "试图停用管理员"
        let disableRefused = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.disableUser, disable, options: .init(accessToken: token))
        }
        #expect(disableRefused.reason == "IDENTITY_ADMINISTRATOR_PROTECTED")
        // The administrator still logs in with the old password.
        _ = try await IdentityFixtures.login(fx.client, "admin", PlatformStack.adminPassword)
    }

    @Test("a roles.manage holder cannot add permissions to a role they hold, nor grant guarded permissions they lack")
    func roleManager() async throws {
        let fx = try await IdentityFixtures.make("duties-roles")
        defer { Task { await fx.close() } }
        var widen = Metrology_Identity_V1_UpdateRoleRequest()
        widen.code = "system_admin"
        widen.addPermissions = ["records.query"]
        let own = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.updateRole, widen, options: .init(accessToken: fx.adminToken))
        }
        #expect(own.reason == "IDENTITY_ROLE_SELF_GRANT")

        let (_, token) = try await holder(fx, "rolemgr", permissions: ["roles.manage"])
        var role = Metrology_Identity_V1_CreateRoleRequest()
        role.code = "r_" + String(UUID().uuidString.prefix(8)).lowercased()
        role.name = "越权角色"
        role.permissions = ["users.manage"]
        let lacking = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.createRole, role, options: .init(accessToken: token))
        }
        #expect(lacking.reason == "IDENTITY_GRANT_EXCEEDS_OWN")
    }

    @Test("nobody holds 政府监督员 together with 系统管理员 or another role that writes")
    func supervisionConflict() async throws {
        let fx = try await IdentityFixtures.make("duties-supervision")
        defer { Task { await fx.close() } }
        for other in ["system_admin", "metrologist"] {
            let conflict = try await expectRPCError(.failedPrecondition) { _ = try await fx.createUser("watcher", roles: ["supervisor", other]) }
            #expect(conflict.reason == "IDENTITY_ROLE_CONFLICT")
            #expect(conflict.details["role"] == other)
        }
        _ = try await fx.createUser("watcher-ok", roles: ["supervisor", "senior_admin"])
    }
}
