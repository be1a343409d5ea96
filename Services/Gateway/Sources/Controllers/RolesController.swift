import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/roles` and `/v1/permissions` (角色与权限). Permissions are fixed in code; roles bundle them.
struct RolesController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/roles", use: list)
        router.post("/v1/roles", use: create)
        router.patch("/v1/roles/:code", use: update)
        router.get("/v1/permissions", use: permissions)
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let response = try await backend.call(IdentityMethods.listRoles, .init(), options: options)
        return try jsonResponse(RoleListDTO(roles: response.roles.map(RoleDTO.init)))
    }

    func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CreateRoleBody.self)
        var message = Metrology_Identity_V1_CreateRoleRequest()
        message.code = body.code
        message.name = body.name
        message.permissions = body.permissions ?? []
        message.description_p = body.description ?? ""
        let role = try await backend.call(IdentityMethods.createRole, message, options: options)
        return try jsonResponse(RoleDTO(role), status: .created)
    }

    /// Sets only the fields the body has (proto3 `optional`); permissions are added and removed, never replaced.
    func update(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: UpdateRoleBody.self)
        var message = Metrology_Identity_V1_UpdateRoleRequest()
        message.code = try context.parameters.require("code")
        if let value = body.name { message.name = value }
        if let value = body.disabled { message.disabled = value }
        if let value = body.description { message.description_p = value }
        message.addPermissions = body.addPermissions ?? []
        message.removePermissions = body.removePermissions ?? []
        let role = try await backend.call(IdentityMethods.updateRole, message, options: options)
        return try jsonResponse(RoleDTO(role))
    }

    func permissions(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let response = try await backend.call(IdentityMethods.listPermissions, .init(), options: options)
        return try jsonResponse(PermissionListDTO(permissions: response.permissions.map(PermissionDTO.init)))
    }
}
