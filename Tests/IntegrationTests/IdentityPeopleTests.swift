import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// People, roles, lockout and revocation through identity's RPCs on the real broker and database.
@Suite("Identity: people and roles", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityPeopleTests {
    @Test("create a person: the ID number is validated, stored masked, unique, and revealed only with the permission and audited")
    func idNumbers() async throws {
        let fx = try await IdentityFixtures.make("people-id")
        defer { Task { await fx.close() } }
        let bad = try await expectRPCError(.invalidArgument) {
            _ = try await fx.createUser("bad-id", roles: ["metrologist"], idNumber: "110105198507150011")
        }
        #expect(bad.reason == "IDENTITY_ID_NUMBER_INVALID")
        #expect(bad.details["field"] == "idNumber")
        #expect(bad.message.contains("校验位"))

        let number = TestIDNumbers.random(male: true)
        let user = try await fx.createUser("with-id", roles: ["metrologist"], idNumber: number)
        #expect(user.idNumberMasked == String(number.prefix(6)) + "********" + String(number.suffix(4)))
        #expect(user.gender == "male")
        #expect(user.birthMonth == "1985-07")

        let duplicate = try await expectRPCError(.alreadyExists) { _ = try await fx.createUser("dup-id", roles: [], idNumber: number) }
        #expect(duplicate.reason == "IDENTITY_ID_NUMBER_TAKEN")

        // The administrator holds users.reveal_id; a metrologist does not.
        var reveal = Metrology_Identity_V1_UserActionRequest()
        reveal.userID = user.id
        reveal.reason = "核对资质材料"
        let revealed = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(accessToken: fx.adminToken))
        #expect(revealed.idNumber == number)
        let metrologist = try await fx.login(user.username).accessToken
        let denied = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(accessToken: metrologist))
        }
        #expect(denied.details["permission"] == "users.reveal_id")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = user.id
        let entries = try await fx.client.call(AuditMethods.list("identity"), audit, options: .init(accessToken: fx.adminToken)).entries
        #expect(entries.map(\.action).contains("user.id_number_revealed"))
        #expect(entries.map(\.action).contains("user.created"))
        // The trail never holds the full number.
        #expect(!entries.contains { $0.detailsJson.contains(number) || $0.summary.contains(number) })
    }

    @Test("bad input names the field with a stable code: password rules, account name, birth month, unknown role")
    func validation() async throws {
        let fx = try await IdentityFixtures.make("people-validation")
        defer { Task { await fx.close() } }
        func create(_ change: (inout Metrology_Identity_V1_CreateUserRequest) -> Void) async throws -> RPCError {
            var request = Metrology_Identity_V1_CreateUserRequest()
            request.username = IdentityFixtures.uniqueName("v")
            request.password = IdentityFixtures.password
            request.displayName = "校验"
            change(&request)
            return try await expectRPCError(.invalidArgument) {
                _ = try await fx.client.call(IdentityMethods.createUser, request, options: .init(accessToken: fx.adminToken))
            }
        }
        #expect(try await create { $0.password = "short1A" }.reason == "IDENTITY_PASSWORD_LENGTH")
        #expect(try await create { $0.password = "alllowercaseletters" }.reason == "IDENTITY_PASSWORD_TOO_SIMPLE")
        #expect(
            try await create {
                $0.username = "a b"; $0.password = "Aa1!aaaa"
            }.reason == "IDENTITY_USERNAME_INVALID")
        #expect(try await create { $0.birthMonth = "1985-13" }.details["field"] == "birthMonth")
        #expect(try await create { $0.roles = ["no_such_role"] }.reason == "IDENTITY_ROLE_NOT_FOUND")
        #expect(try await create { $0.displayName = "" }.reason == "IDENTITY_FIELD_REQUIRED")
        let mismatch = try await create {
            $0.idNumber = TestIDNumbers.random(male: true); $0.gender = "female"
        }
        #expect(mismatch.reason == "IDENTITY_GENDER_MISMATCH")
    }

    @Test("a user without the permission is refused by identity itself when called directly over AMQP; a supervisor only reads")
    func inServicePermissions() async throws {
        let fx = try await IdentityFixtures.make("people-perms")
        defer { Task { await fx.close() } }
        let metrologist = try await fx.createUser("metro", roles: ["metrologist"])
        let token = try await fx.login(metrologist.username).accessToken
        let denied = try await expectRPCError(.permissionDenied) {
            _ = try await fx.createUser("sneaky", roles: ["system_admin"], token: token)
        }
        #expect(denied.reason == "PERMISSION_DENIED")
        #expect(denied.details["permission"] == "users.manage")

        let supervisor = try await fx.createUser("super", roles: ["supervisor"])
        let supervisorToken = try await fx.login(supervisor.username).accessToken
        // Reads what its role allows, the audit trail among them …
        let audit = try await fx.client.call(AuditMethods.verify("identity"), .init(), options: .init(accessToken: supervisorToken))
        #expect(audit.intact)
        // … and changes nothing.
        var role = Metrology_Identity_V1_UpdateRoleRequest()
        role.code = "supervisor"
        role.addPermissions = ["records.edit"]
        _ = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.updateRole, role, options: .init(accessToken: supervisorToken))
        }
        var disable = Metrology_Identity_V1_UserActionRequest()
        disable.userID = metrologist.id
        _ = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(IdentityMethods.disableUser, disable, options: .init(accessToken: supervisorToken))
        }
        // Even an administrator cannot give the supervisor role a permission that changes data.
        let readOnly = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.updateRole, role, options: .init(accessToken: fx.adminToken))
        }
        #expect(readOnly.reason == "IDENTITY_SUPERVISOR_READ_ONLY")
    }

    @Test("disabling a user ends their tokens in other services within seconds; enabling lets them log in again")
    func disableRevokesTokens() async throws {
        let fx = try await IdentityFixtures.make("people-disable")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("leaver", roles: ["metrologist"])
        let token = try await fx.login(user.username).accessToken
        let before = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: token))
        #expect(before.username == user.username)

        let disabled = try await fx.action(IdentityMethods.disableUser, user.id, reason: "离职")
        #expect(disabled.status == "disabled")
        let refused = try await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: token))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(refused)
        // Every service refuses it, each from its own revocation list.
        for (service, method) in [
            ("records", WhoAmIMethods.records.fullName), ("certificates", WhoAmIMethods.certificates.fullName),
            ("reports", WhoAmIMethods.reports.fullName),
        ] {
            let error = try await expectRPCError(.unauthenticated) {
                _ = try await fx.client.callRaw(service: service, method: method, payload: [], options: .init(accessToken: token))
            }
            #expect(error.reason == "TOKEN_REVOKED")
        }
        let login = try await expectRPCError(.unauthenticated) { _ = try await fx.login(user.username) }
        #expect(login.reason == "IDENTITY_USER_DISABLED")

        _ = try await fx.action(IdentityMethods.enableUser, user.id)
        let again = try await fx.login(user.username).accessToken
        let after = try await fx.client.call(WhoAmIMethods.records, .init(), options: .init(accessToken: again))
        #expect(after.username == user.username)
    }

    @Test("repeated failed logins lock the account, counted even though each login is refused; an administrator unlocks it")
    func lockout() async throws {
        let fx = try await IdentityFixtures.make("people-lockout")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("forgetful", roles: ["verifier"])
        for attempt in 1...3 {
            let error = try await expectRPCError(.unauthenticated) { _ = try await fx.login(user.username, "Wrong-Passw0rd") }
            #expect(error.reason == (attempt < 3 ? "IDENTITY_BAD_CREDENTIALS" : "IDENTITY_ACCOUNT_LOCKED"))
        }
        let locked = try await expectRPCError(.unauthenticated) { _ = try await fx.login(user.username) }
        #expect(locked.reason == "IDENTITY_ACCOUNT_LOCKED")

        var get = Metrology_Identity_V1_GetUserRequest()
        get.userID = user.id
        #expect(try await fx.client.call(IdentityMethods.getUser, get, options: .init(accessToken: fx.adminToken)).user.locked)

        _ = try await fx.action(IdentityMethods.unlockUser, user.id, reason: "本人电话确认")
        _ = try await fx.login(user.username)

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = user.id
        let actions = try await fx.client.call(AuditMethods.list("identity"), audit, options: .init(accessToken: fx.adminToken)).entries.map(\.action)
        #expect(actions.filter { $0 == "login.failed" }.count == 3)
        #expect(actions.contains("user.locked"))
        #expect(actions.contains("login.refused"))
        #expect(actions.contains("user.unlocked"))
        #expect(actions.contains("login.succeeded"))
    }

    @Test("qualification check: permission, approved item and a valid certificate are all required")
    func qualificationCheck() async throws {
        let fx = try await IdentityFixtures.make("people-qualification")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("qualified", roles: ["metrologist"])
        func check(_ action: String, item: String = "JJG443", on date: String = "") async throws -> Metrology_Identity_V1_CheckQualificationResponse {
            var request = Metrology_Identity_V1_CheckQualificationRequest()
            request.userID = user.id
            request.item = item
            request.action = action
            request.onDate = date
            return try await fx.client.call(IdentityMethods.checkQualification, request, options: .init(accessToken: fx.adminToken))
        }
        #expect(try await check("enter").reason == "QUALIFICATION_ITEM_NOT_APPROVED")

        var approved = Metrology_Identity_V1_SetApprovedItemsRequest()
        approved.userID = user.id
        approved.items = ["JJG443", "JJG1014"]
        _ = try await fx.client.call(IdentityMethods.setApprovedItems, approved, options: .init(accessToken: fx.adminToken))
        #expect(try await check("enter").reason == "QUALIFICATION_MISSING")

        var qualification = Metrology_Identity_V1_AddQualificationRequest()
        qualification.userID = user.id
        qualification.certificateNo = "ZJ-\(UUID().uuidString.prefix(6))"
        qualification.issuedOn = "2024-01-01"
        qualification.issuer = "省市场监督管理局"
        qualification.expiresOn = "2029-12-31"
        qualification.items = ["JJG443"]
        let withQualification = try await fx.client.call(IdentityMethods.addQualification, qualification, options: .init(accessToken: fx.adminToken))
            .user
        #expect(withQualification.qualifications.first?.valid == true)

        let allowed = try await check("enter")
        #expect(allowed.allowed)
        #expect(allowed.qualificationID == withQualification.qualifications.first?.id)
        #expect(try await check("enter", on: "2030-01-01").reason == "QUALIFICATION_EXPIRED")
        #expect(try await check("enter", on: "2023-06-01").reason == "QUALIFICATION_NOT_YET_VALID")
        #expect(try await check("enter", item: "JJG1014").reason == "QUALIFICATION_MISSING")
        // A metrologist enters records; approving is not theirs.
        #expect(try await check("approve").reason == "QUALIFICATION_NO_PERMISSION")

        _ = try await fx.action(IdentityMethods.disableUser, user.id)
        #expect(try await check("enter").reason == "QUALIFICATION_USER_INACTIVE")
    }

    @Test("roles: create with permissions, unknown permissions refused, holders' tokens end when a role grants less")
    func roles() async throws {
        let fx = try await IdentityFixtures.make("people-roles")
        defer { Task { await fx.close() } }
        let code = "lab_" + UUID().uuidString.prefix(6).lowercased()
        var create = Metrology_Identity_V1_CreateRoleRequest()
        create.code = code
        create.name = "实验室助理"
        create.permissions = ["records.query", "devices.query"]
        let role = try await fx.client.call(IdentityMethods.createRole, create, options: .init(accessToken: fx.adminToken))
        #expect(role.permissions == ["devices.query", "records.query"])
        #expect(!role.builtin)
        let again = try await expectRPCError(.alreadyExists) {
            var other = create
            other.permissions = []
            _ = try await fx.client.call(IdentityMethods.createRole, other, options: .init(accessToken: fx.adminToken))
        }
        #expect(again.reason == "IDENTITY_ROLE_EXISTS")
        create.code = code + "x"
        create.permissions = ["records.fly"]
        let unknown = try await expectRPCError(.invalidArgument) {
            _ = try await fx.client.call(IdentityMethods.createRole, create, options: .init(accessToken: fx.adminToken))
        }
        #expect(unknown.reason == "IDENTITY_PERMISSION_UNKNOWN")

        let holder = try await fx.createUser("assistant", roles: [code])
        let session = try await fx.login(holder.username)
        #expect(
            try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: session.accessToken)).permissions.contains(
                "devices.query"))

        var update = Metrology_Identity_V1_UpdateRoleRequest()
        update.code = code
        update.removePermissions = ["devices.query"]
        #expect(
            try await fx.client.call(IdentityMethods.updateRole, update, options: .init(accessToken: fx.adminToken)).permissions == ["records.query"])
        let revoked = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: session.accessToken))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(revoked)
        // The session survives: a refresh issues a token with what the role grants now.
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = session.refreshToken
        let refreshed = try await fx.client.call(IdentityMethods.refresh, refresh)
        let me = try await fx.client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: refreshed.accessToken))
        #expect(me.permissions == ["records.query"])

        var protect = Metrology_Identity_V1_UpdateRoleRequest()
        protect.code = "system_admin"
        protect.disabled = true
        let protected = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.updateRole, protect, options: .init(accessToken: fx.adminToken))
        }
        #expect(protected.reason == "IDENTITY_ROLE_PROTECTED")
    }

    @Test("a retried create with the same message id creates one person")
    func idempotentCreate() async throws {
        let fx = try await IdentityFixtures.make("people-idempotent")
        defer { Task { await fx.close() } }
        var request = Metrology_Identity_V1_CreateUserRequest()
        request.username = IdentityFixtures.uniqueName("once")
        request.password = IdentityFixtures.password
        request.displayName = "只建一次"
        let key = UUID().uuidString
        let first = try await fx.client.call(IdentityMethods.createUser, request, options: .init(messageID: key, accessToken: fx.adminToken))
        let second = try await fx.client.call(IdentityMethods.createUser, request, options: .init(messageID: key, accessToken: fx.adminToken))
        #expect(first.user.id == second.user.id)
        var list = Metrology_Identity_V1_ListUsersRequest()
        list.query = request.username
        #expect(try await fx.client.call(IdentityMethods.listUsers, list, options: .init(accessToken: fx.adminToken)).total == 1)
    }
}
