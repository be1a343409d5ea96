import Contracts
import IdentityAPI
import Messaging

/// `/v1/users*`: people (人员管理). The identity service checks users.manage / users.reveal_id itself.
extension IdentityRoutes {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let page = Page(page: input.query.page, pageSize: input.query.pageSize)
        var message = Metrology_Identity_V1_ListUsersRequest()
        message.query = input.query.query ?? ""
        message.role = input.query.role ?? ""
        message.status = input.query.status?.rawValue ?? ""
        message.page = page.page
        message.pageSize = page.pageSize
        let response = try await call(IdentityMethods.listUsers, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        users: try response.users.map(Components.Schemas.User.init), total: response.total, page: page.echoedPage,
                        pageSize: page.echoedPageSize))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_CreateUserRequest()
        message.username = body.username
        message.password = body.password
        message.displayName = body.displayName
        message.gender = body.gender?.rawValue ?? ""
        message.birthMonth = body.birthMonth ?? ""
        message.idNumber = body.idNumber ?? ""
        message.education = body.education ?? ""
        message.professionalTitle = body.professionalTitle ?? ""
        message.position = body.position ?? ""
        message.roles = body.roles ?? []
        if let value = body.requirePasswordChange { message.requirePasswordChange = value }
        message.supervisionRegion = body.supervisionRegion ?? ""
        return .created(.init(body: .json(try .init(try await call(IdentityMethods.createUser, message).user))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        var message = Metrology_Identity_V1_GetUserRequest()
        message.userID = input.path.id
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.getUser, message).user))))
    }

    /// Sets only the fields the body has: proto3 `optional` carries "absent" to the service, which changes nothing there.
    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_UpdateUserRequest()
        message.userID = input.path.id
        if let value = body.displayName { message.displayName = value }
        if let value = body.gender { message.gender = value.rawValue }
        if let value = body.birthMonth { message.birthMonth = value }
        if let value = body.idNumber { message.idNumber = value }
        if let value = body.education { message.education = value }
        if let value = body.professionalTitle { message.professionalTitle = value }
        if let value = body.position { message.position = value }
        if let value = body.password { message.password = value }
        if let value = body.requirePasswordChange { message.requirePasswordChange = value }
        if let value = body.supervisionRegion { message.supervisionRegion = value }
        // A repeated field cannot say "absent", hence the flag: without it an empty list would be ambiguous.
        if let roles = body.roles {
            message.replaceRoles = true
            message.roles = roles
        }
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.updateUser, message).user))))
    }

    /// A soft delete that answers with the user as it now is (status "deleted"), hence 200 rather than 204.
    /// DELETE bodies are often dropped by proxies, so the reason comes as `?reason=`.
    func deleteUser(_ input: Operations.DeleteUser.Input) async throws -> Operations.DeleteUser.Output {
        let message = userAction(input.path.id, reason: input.query.reason)
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.deleteUser, message).user))))
    }

    func disableUser(_ input: Operations.DisableUser.Input) async throws -> Operations.DisableUser.Output {
        let message = userAction(
            input.path.id,
            reason: input.body.flatMap {
                switch $0 {
                case .json(let body): body.reason
                }
            })
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.disableUser, message).user))))
    }

    func enableUser(_ input: Operations.EnableUser.Input) async throws -> Operations.EnableUser.Output {
        let message = userAction(
            input.path.id,
            reason: input.body.flatMap {
                switch $0 {
                case .json(let body): body.reason
                }
            })
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.enableUser, message).user))))
    }

    func unlockUser(_ input: Operations.UnlockUser.Input) async throws -> Operations.UnlockUser.Output {
        let message = userAction(
            input.path.id,
            reason: input.body.flatMap {
                switch $0 {
                case .json(let body): body.reason
                }
            })
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.unlockUser, message).user))))
    }

    /// The full ID number; the service checks users.reveal_id and audits every reveal.
    func revealIdNumber(_ input: Operations.RevealIdNumber.Input) async throws -> Operations.RevealIdNumber.Output {
        let response = try await call(IdentityMethods.revealIdNumber, userAction(input.path.id, reason: input.query.reason))
        return .ok(.init(body: .json(.init(idNumber: response.idNumber))))
    }

    /// Delete, disable, enable, unlock and reveal: a user and an optional reason (for the audit trail).
    func userAction(_ id: String, reason: String?) -> Metrology_Identity_V1_UserActionRequest {
        var message = Metrology_Identity_V1_UserActionRequest()
        message.userID = id
        message.reason = reason ?? ""
        return message
    }
}
