import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// "User must change password at next logon" (issue 14 §10): an administrator-set password (a new account or a reset)
/// must be changed by its holder before anything else; every service refuses the token meanwhile.
@Suite("Identity: first login with an administrator-set password", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityPasswordChangeTests {
    static let changed = "Own-Chosen-Passw0rd!"

    @Test("a user created with the default must change the password: other calls are refused until ChangePassword and a refresh")
    func createdUserMustChange() async throws {
        let fx = try await IdentityFixtures.make("pwchange-create")
        defer { Task { await fx.close() } }
        // An administrator's create without `require_password_change` (absent = true).
        var create = Metrology_Identity_V1_CreateUserRequest()
        create.username = IdentityFixtures.uniqueName("first-login")
        create.password = IdentityFixtures.password
        create.displayName = "测试首次登录"
        create.roles = ["system_admin"]
        let user = try await fx.client.call(IdentityMethods.createUser, create, options: .init(accessToken: fx.adminToken)).user

        let login = try await fx.login(user.username)
        #expect(login.mustChangePassword)
        let pending = CallOptions(accessToken: login.accessToken)

        // Another service (flows) and identity itself refuse everything else, whatever the permissions.
        let items = try await expectRPCError(.failedPrecondition) { _ = try await fx.client.call(FlowsMethods.listItems, .init(), options: pending) }
        #expect(items.reason == "IDENTITY_PASSWORD_CHANGE_REQUIRED")
        let users = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.listUsers, .init(), options: pending)
        }
        #expect(users.reason == "IDENTITY_PASSWORD_CHANGE_REQUIRED")
        // A refresh before the change still carries the claim.
        var early = Metrology_Identity_V1_RefreshRequest()
        early.refreshToken = login.refreshToken
        let stillPending = try await fx.client.call(IdentityMethods.refresh, early)
        #expect(stillPending.mustChangePassword)
        let again = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.listUsers, .init(), options: .init(accessToken: stillPending.accessToken))
        }
        #expect(again.reason == "IDENTITY_PASSWORD_CHANGE_REQUIRED")

        // Self reads and the change itself are answered.
        let options = CallOptions(accessToken: stillPending.accessToken)
        #expect(try await fx.client.call(IdentityMethods.getMe, .init(), options: options).user.id == user.id)
        _ = try await fx.client.call(WhoAmIMethods.flows, .init(), options: options)
        var change = Metrology_Identity_V1_ChangePasswordRequest()
        change.currentPassword = IdentityFixtures.password
        change.newPassword = Self.changed
        _ = try await fx.client.call(IdentityMethods.changePassword, change, options: options)

        // The refresh re-reads the flag: its token works everywhere.
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = stillPending.refreshToken
        let renewed = try await fx.client.call(IdentityMethods.refresh, refresh)
        #expect(!renewed.mustChangePassword)
        let working = CallOptions(accessToken: renewed.accessToken)
        _ = try await fx.client.call(FlowsMethods.listItems, .init(), options: working)
        _ = try await fx.client.call(IdentityMethods.listUsers, .init(), options: working)
        #expect(try await fx.login(user.username, Self.changed).mustChangePassword == false)
    }

    @Test("an administrator's reset requires the change again, unless the administrator says otherwise")
    func resetRequiresChange() async throws {
        let fx = try await IdentityFixtures.make("pwchange-reset")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("reset-me", roles: ["metrologist"])
        let before = try await fx.login(user.username)
        #expect(!before.mustChangePassword)
        _ = try await fx.client.call(FlowsMethods.listItems, .init(), options: .init(accessToken: before.accessToken))

        var reset = Metrology_Identity_V1_UpdateUserRequest()
        reset.userID = user.id
        reset.password = "Reset-By-Admin-1!"
        _ = try await fx.client.call(IdentityMethods.updateUser, reset, options: .init(accessToken: fx.adminToken))
        let afterReset = try await fx.login(user.username, "Reset-By-Admin-1!")
        #expect(afterReset.mustChangePassword)
        let refused = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(FlowsMethods.listItems, .init(), options: .init(accessToken: afterReset.accessToken))
        }
        #expect(refused.reason == "IDENTITY_PASSWORD_CHANGE_REQUIRED")

        var told = Metrology_Identity_V1_UpdateUserRequest()
        told.userID = user.id
        told.password = "Reset-By-Admin-2!"
        told.requirePasswordChange = false
        _ = try await fx.client.call(IdentityMethods.updateUser, told, options: .init(accessToken: fx.adminToken))
        let trusted = try await fx.login(user.username, "Reset-By-Admin-2!")
        #expect(!trusted.mustChangePassword)
        _ = try await fx.client.call(FlowsMethods.listItems, .init(), options: .init(accessToken: trusted.accessToken))
    }

    @Test("through the gateway: requirePasswordChange defaults to true, login says mustChangePassword, other calls answer 400 with the reason")
    func gateway() async throws {
        let admin = try await http("POST", "/v1/auth/login", json: ["username": "admin", "password": PlatformStack.adminPassword])
        let token = try #require(admin.json["accessToken"] as? String)
        #expect(admin.json["mustChangePassword"] as? Bool == false)
        let username = IdentityFixtures.uniqueName("http-first")
        let created = try await http(
            "POST", "/v1/users",
            json: ["username": username, "password": IdentityFixtures.password, "displayName": "首次登录", "roles": ["metrologist"]],
            token: token)
        #expect(created.status == 201)
        let login = try await http("POST", "/v1/auth/login", json: ["username": username, "password": IdentityFixtures.password])
        #expect(login.json["mustChangePassword"] as? Bool == true)
        let pending = try #require(login.json["accessToken"] as? String)
        let refused = try await http("GET", "/v1/items", token: pending)
        #expect(refused.status == 400)
        #expect(refused.json["code"] as? String == "IDENTITY_PASSWORD_CHANGE_REQUIRED")
        #expect(try await http("GET", "/v1/me", token: pending).status == 200)
        let changed = try await http(
            "POST", "/v1/me/password", json: ["currentPassword": IdentityFixtures.password, "newPassword": Self.changed], token: pending)
        #expect(changed.status == 204)
        let refresh = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": try #require(login.json["refreshToken"] as? String)])
        #expect(refresh.json["mustChangePassword"] as? Bool == false)
        #expect(try await http("GET", "/v1/items", token: try #require(refresh.json["accessToken"] as? String)).status == 200)
    }
}
