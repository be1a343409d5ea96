import Contracts
import IdentityAPI

/// `/v1/roles` and `/v1/permissions` (角色与权限). Permissions are fixed in code; roles bundle them.
extension IdentityRoutes {
    func listRoles(_ input: Operations.ListRoles.Input) async throws -> Operations.ListRoles.Output {
        let response = try await call(IdentityMethods.listRoles, .init())
        return .ok(.init(body: .json(.init(roles: response.roles.map(Components.Schemas.Role.init)))))
    }

    func createRole(_ input: Operations.CreateRole.Input) async throws -> Operations.CreateRole.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_CreateRoleRequest()
        message.code = body.code
        message.name = body.name
        message.permissions = body.permissions ?? []
        message.description_p = body.description ?? ""
        return .created(.init(body: .json(.init(try await call(IdentityMethods.createRole, message)))))
    }

    /// Sets only the fields the body has (proto3 `optional`); permissions are added and removed, never replaced.
    func updateRole(_ input: Operations.UpdateRole.Input) async throws -> Operations.UpdateRole.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_UpdateRoleRequest()
        message.code = input.path.code
        if let value = body.name { message.name = value }
        if let value = body.disabled { message.disabled = value }
        if let value = body.description { message.description_p = value }
        message.addPermissions = body.addPermissions ?? []
        message.removePermissions = body.removePermissions ?? []
        return .ok(.init(body: .json(.init(try await call(IdentityMethods.updateRole, message)))))
    }

    func listPermissions(_ input: Operations.ListPermissions.Input) async throws -> Operations.ListPermissions.Output {
        let response = try await call(IdentityMethods.listPermissions, .init())
        return .ok(
            .init(
                body: .json(
                    .init(
                        permissions: response.permissions.map { .init(code: $0.code, title: $0.title, readOnly: $0.readOnly) }))))
    }
}
