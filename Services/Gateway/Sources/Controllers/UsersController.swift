import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/users*`: people (人员管理). The identity service checks users.manage / users.reveal_id itself.
struct UsersController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/users", use: list)
        router.post("/v1/users", use: create)
        router.get("/v1/users/:id", use: get)
        router.patch("/v1/users/:id", use: update)
        router.delete("/v1/users/:id", use: delete)
        router.post("/v1/users/:id/disable") { try await action(IdentityMethods.disableUser, $0, $1) }
        router.post("/v1/users/:id/enable") { try await action(IdentityMethods.enableUser, $0, $1) }
        router.post("/v1/users/:id/unlock") { try await action(IdentityMethods.unlockUser, $0, $1) }
        router.get("/v1/users/:id/id-number", use: revealIdNumber)
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_ListUsersRequest()
        message.query = request.queryString("query") ?? ""
        message.role = request.queryString("role") ?? ""
        message.status = request.queryString("status") ?? ""
        let paging = try PageQuery(request)
        message.page = paging.page
        message.pageSize = paging.pageSize
        let response = try await backend.call(IdentityMethods.listUsers, message, options: options)
        return try jsonResponse(
            UserPageDTO(users: response.users.map(UserDTO.init), total: response.total, page: paging.echoedPage, pageSize: paging.echoedPageSize))
    }

    func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CreateUserBody.self)
        var message = Metrology_Identity_V1_CreateUserRequest()
        message.username = body.username
        message.password = body.password
        message.displayName = body.displayName
        message.gender = body.gender ?? ""
        message.birthMonth = body.birthMonth ?? ""
        message.idNumber = body.idNumber ?? ""
        message.education = body.education ?? ""
        message.professionalTitle = body.professionalTitle ?? ""
        message.position = body.position ?? ""
        message.roles = body.roles ?? []
        if let value = body.requirePasswordChange { message.requirePasswordChange = value }
        let response = try await backend.call(IdentityMethods.createUser, message, options: options)
        return try jsonResponse(UserDTO(response.user), status: .created)
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_GetUserRequest()
        message.userID = try context.parameters.require("id")
        let response = try await backend.call(IdentityMethods.getUser, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// Sets only the fields the body has: proto3 `optional` carries "absent" to the service, which changes nothing there.
    func update(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: UpdateUserBody.self)
        var message = Metrology_Identity_V1_UpdateUserRequest()
        message.userID = try context.parameters.require("id")
        if let value = body.displayName { message.displayName = value }
        if let value = body.gender { message.gender = value }
        if let value = body.birthMonth { message.birthMonth = value }
        if let value = body.idNumber { message.idNumber = value }
        if let value = body.education { message.education = value }
        if let value = body.professionalTitle { message.professionalTitle = value }
        if let value = body.position { message.position = value }
        if let value = body.password { message.password = value }
        if let value = body.requirePasswordChange { message.requirePasswordChange = value }
        // A repeated field cannot say "absent", hence the flag: without it an empty list would be ambiguous.
        if let roles = body.roles {
            message.replaceRoles = true
            message.roles = roles
        }
        let response = try await backend.call(IdentityMethods.updateUser, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// A soft delete that answers with the user as it now is (status "deleted"), hence 200 rather than 204.
    /// DELETE bodies are often dropped by proxies, so the reason comes as `?reason=`.
    func delete(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_UserActionRequest()
        message.userID = try context.parameters.require("id")
        message.reason = request.queryString("reason") ?? ""
        let response = try await backend.call(IdentityMethods.deleteUser, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// Disable, enable and unlock: the same request (a user and an optional reason) to different RPCs.
    func action(
        _ method: RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>, _ request: Request,
        _ context: some RequestContext
    ) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_UserActionRequest()
        message.userID = try context.parameters.require("id")
        message.reason = try await request.decodeJSONIfPresent(as: ReasonBody.self)?.reason ?? ""
        let response = try await backend.call(method, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// The full ID number; the service checks users.reveal_id and audits every reveal.
    func revealIdNumber(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_UserActionRequest()
        message.userID = try context.parameters.require("id")
        message.reason = request.queryString("reason") ?? ""
        let response = try await backend.call(IdentityMethods.revealIdNumber, message, options: options)
        return try jsonResponse(IdNumberDTO(idNumber: response.idNumber))
    }
}
