import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// People (人员管理): list, read, create and edit staff.
struct UserHandlers: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings
    let cipher: SensitiveDataCipher
    let hasher: PasswordHasher

    func listUsers(_ request: Metrology_Identity_V1_ListUsersRequest, _ context: CallContext) async throws -> Metrology_Identity_V1_ListUsersResponse
    {
        let paging = try PageRequest(page: request.page, pageSize: request.pageSize)
        guard ["", "active", "disabled", "deleted"].contains(request.status) else {
            throw RPCError.invalidArgument("状态必须是 active、disabled 或 deleted", reason: "IDENTITY_STATUS_INVALID")
        }
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        // A cursor (keyset paging, by account name) wins over the page number. One row more than the page tells
        // whether another follows, in either mode, so a caller can go on by cursor from any page.
        let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 1)
        let (found, total) = try await store.listUsers(
            .init(
                text: query.nilIfEmpty, role: request.role.nilIfEmpty, status: request.status.nilIfEmpty, limit: paging.size + 1,
                offset: cursor == nil ? paging.offset : 0, after: cursor?.key[0]),
            logger: context.logger)
        var response = Metrology_Identity_V1_ListUsersResponse()
        var users = found
        if users.count > paging.size {
            users.removeLast()
            response.nextCursor = PageCursor(list: Self.cursorList, key: [users[users.count - 1].username]).token
        }
        response.users = users.map { $0.message(lockout: settings.lockout) }
        response.total = total
        return response
    }

    static let cursorList = "users"

    func getUser(_ request: Metrology_Identity_V1_GetUserRequest, _ context: CallContext) async throws -> Metrology_Identity_V1_UserResponse {
        let id = try Self.userID(request.userID)
        let user = try await store.client.withConnection { try await store.user(id: id, on: $0, logger: context.logger) }
        guard let user else { throw Self.notFound }
        return response(user)
    }

    func createUser(
        _ request: Metrology_Identity_V1_CreateUserRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let username = try ProfileValidation.username(request.username)
        try PasswordPolicy.check(request.password, username: username)
        var new = IdentityStore.NewUser(
            id: UUID(), username: username,
            displayName: try ProfileValidation.text(request.displayName, field: "displayName", title: "姓名", required: true, max: 30),
            passwordHash: "", gender: try ProfileValidation.gender(request.gender), birthMonth: try ProfileValidation.birthMonth(request.birthMonth),
            education: try ProfileValidation.text(request.education, field: "education", title: "学历"),
            professionalTitle: try ProfileValidation.text(request.professionalTitle, field: "professionalTitle", title: "职称"),
            position: try ProfileValidation.text(request.position, field: "position", title: "职务"))
        if !request.idNumber.isEmpty {
            let number = try ProfileValidation.idNumber(request.idNumber)
            try ProfileValidation.consistent(id: number, gender: new.gender, birthMonth: new.birthMonth)
            if new.gender.isEmpty { new.gender = number.gender }
            if new.birthMonth.isEmpty { new.birthMonth = number.birthMonth }
            let index = cipher.index(number.value)
            guard try await store.userHolding(idNumberIndex: index, on: connection, logger: context.logger) == nil else { throw Self.idNumberTaken }
            new.idNumberCipher = try cipher.seal(number.value)
            new.idNumberIndex = index
            new.idNumberMasked = number.masked
        }
        new.roles = try await RoleHandlers.assignable(request.roles, store: store, on: connection, context: context)
        new.supervisionRegion = try SupervisionRegion.parse(request.supervisionRegion)
        try SupervisionRegion.check(roles: new.roles, region: new.supervisionRegion)
        new.passwordHash = try await hasher.hashInBackground(request.password)
        // An administrator chose this password, so by default its holder must replace it at the first login.
        new.mustChangePassword = request.hasRequirePasswordChange ? request.requirePasswordChange : true
        guard try await store.insertUser(new, on: connection, logger: context.logger) else {
            throw RPCError(
                code: .alreadyExists, message: "账号名“\(username)”已被使用（含已删除的账号）", reason: "IDENTITY_USERNAME_TAKEN", details: ["field": "username"])
        }
        guard let user = try await store.user(id: new.id, on: connection, logger: context.logger) else { throw Self.notFound }
        var event = Metrology_Identity_V1_UserCreated()
        event.user = user.message(lockout: settings.lockout)
        try await Outbox.append(
            IdentityEvents.userCreated, subject: user.idString, payload: event, trace: context.rpc.trace, on: connection,
            logger: context.logger)
        try await context.audit(
            "user.created", entityType: "user", entityID: user.idString, summary: "创建人员 \(user.displayName)（\(user.username)）",
            details: Self.auditFields(user).merging(["mustChangePassword": "\(user.mustChangePassword)"]) { $1 }, on: connection)
        return response(user)
    }

    func updateUser(
        _ request: Metrology_Identity_V1_UpdateUserRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_UserResponse
    {
        let id = try Self.userID(request.userID)
        guard let before = try await store.user(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        guard before.status != "deleted" else { throw Self.deleted }
        try SeparationOfDuties.checkMayChange(before, by: try context.caller())
        var change = IdentityStore.ProfileChange(
            displayName: before.displayName, gender: before.gender, birthMonth: before.birthMonth, idNumberCipher: nil, idNumberIndex: nil,
            idNumberMasked: before.idNumberMasked, education: before.education, professionalTitle: before.professionalTitle,
            position: before.position,
            supervisionRegion: before.supervisionRegion)
        if request.hasDisplayName {
            change.displayName = try ProfileValidation.text(request.displayName, field: "displayName", title: "姓名", required: true, max: 30)
        }
        if request.hasGender { change.gender = try ProfileValidation.gender(request.gender) }
        if request.hasBirthMonth { change.birthMonth = try ProfileValidation.birthMonth(request.birthMonth) }
        if request.hasEducation { change.education = try ProfileValidation.text(request.education, field: "education", title: "学历") }
        if request.hasProfessionalTitle {
            change.professionalTitle = try ProfileValidation.text(request.professionalTitle, field: "professionalTitle", title: "职称")
        }
        if request.hasPosition { change.position = try ProfileValidation.text(request.position, field: "position", title: "职务") }
        if request.hasSupervisionRegion { change.supervisionRegion = try SupervisionRegion.parse(request.supervisionRegion) }

        // The ID number: replaced when given, cleared when given empty, otherwise kept (and re-checked against the form).
        var number: ResidentIDNumber?
        if request.hasIDNumber, !request.idNumber.isEmpty {
            number = try ProfileValidation.idNumber(request.idNumber)
        } else if !request.hasIDNumber, let sealed = try await store.idNumberCipher(of: id, on: connection, logger: context.logger) {
            // Kept as it is; a number that cannot be read back (wrong data key) fails the edit rather than being lost.
            guard let stored = try? ResidentIDNumber(try cipher.open(sealed)) else {
                throw RPCError(code: .internal, message: "已登记的身份证号码无法读取，请检查数据密钥配置", reason: "IDENTITY_DECRYPTION_FAILED")
            }
            number = stored
        }
        if let number {
            try ProfileValidation.consistent(id: number, gender: change.gender, birthMonth: change.birthMonth)
            let index = cipher.index(number.value)
            if let holder = try await store.userHolding(idNumberIndex: index, on: connection, logger: context.logger), holder != id {
                throw Self.idNumberTaken
            }
            change.idNumberCipher = try cipher.seal(number.value)
            change.idNumberIndex = index
            change.idNumberMasked = number.masked
        } else {
            change.idNumberMasked = ""
        }
        let roles =
            request.replaceRoles
            ? try await RoleHandlers.assignable(
                request.roles, store: store, on: connection, context: context, target: before.idString, previous: before.roles)
            : before.roles.sorted()
        // Granting the supervisor role without a region, or clearing a supervisor's region, is refused.
        try SupervisionRegion.check(roles: roles, region: change.supervisionRegion)
        try await store.updateProfile(of: id, change, on: connection, logger: context.logger)
        if request.replaceRoles { try await store.replaceRoles(of: id, with: roles, on: connection, logger: context.logger) }
        // Tokens carry permissions and a supervisor's region: the current ones stop working, and a refresh issues
        // them with the new roles and region.
        if roles != before.roles.sorted() || (roles.contains(SupervisionRegion.roleCode) && change.supervisionRegion != before.supervisionRegion) {
            try await UserStatusHandlers.revokeTokens(
                of: before, event: IdentityEvents.userTokensRevoked, endSessions: false, store: store, context: context, on: connection)
        }
        var passwordReset = false
        if request.hasPassword {
            try PasswordPolicy.check(request.password, username: before.username)
            let mustChange = request.hasRequirePasswordChange ? request.requirePasswordChange : true
            try await store.setPassword(
                of: id, hash: try await hasher.hashInBackground(request.password), mustChange: mustChange, on: connection, logger: context.logger)
            try await UserStatusHandlers.revokeTokens(
                of: before, event: IdentityEvents.userTokensRevoked, endSessions: true, store: store, context: context, on: connection)
            passwordReset = true
        }
        guard let after = try await store.user(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        var changed = Self.auditFields(after).filter { Self.auditFields(before)[$0.key] != $0.value }
        if request.hasIDNumber { changed["idNumber"] = after.idNumberMasked.isEmpty ? "（已清除）" : after.idNumberMasked }
        if passwordReset { changed["password"] = after.mustChangePassword ? "（已重置，须本人修改）" : "（已重置）" }
        guard !changed.isEmpty else { return response(after) }
        var event = Metrology_Identity_V1_UserCreated()
        event.user = after.message(lockout: settings.lockout)
        try await Outbox.append(
            IdentityEvents.userUpdated, subject: after.idString, payload: event, trace: context.rpc.trace, on: connection,
            logger: context.logger)
        try await context.audit(
            "user.updated", entityType: "user", entityID: after.idString,
            summary: "修改人员 \(after.displayName)（\(after.username)）：\(changed.keys.sorted().joined(separator: "、"))", details: changed, on: connection)
        return response(after)
    }

    func response(_ user: UserRecord) -> Metrology_Identity_V1_UserResponse {
        var response = Metrology_Identity_V1_UserResponse()
        response.user = user.message(lockout: settings.lockout)
        return response
    }

    /// What the audit trail records of a person: never the password or the full ID number.
    static func auditFields(_ user: UserRecord) -> [String: String] {
        [
            "username": user.username, "displayName": user.displayName, "gender": user.gender, "birthMonth": user.birthMonth,
            "idNumber": user.idNumberMasked, "education": user.education, "professionalTitle": user.professionalTitle, "position": user.position,
            "roles": user.roles.joined(separator: ","), "supervisionRegion": user.supervisionRegion,
        ]
    }

    static func userID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw RPCError.invalidArgument("人员编号格式无效", reason: "IDENTITY_USER_ID_INVALID") }
        return id
    }

    static let notFound = RPCError.notFound("人员不存在", reason: "IDENTITY_USER_NOT_FOUND")
    static let deleted = RPCError(code: .failedPrecondition, message: "该人员已删除，不能再修改", reason: "IDENTITY_USER_DELETED")
    static let idNumberTaken = RPCError(
        code: .alreadyExists, message: "该身份证号码已登记在另一名人员名下", reason: "IDENTITY_ID_NUMBER_TAKEN", details: ["field": "idNumber"])
}
