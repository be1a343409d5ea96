import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import Testing

/// `/v1/roles` and `/v1/permissions`.
@Suite struct RolesRoutesTests {
    let gateway = TestGateway()

    @Test func createRoleAnswers201() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.createRole) { request in
            var role = Metrology_Identity_V1_Role()
            role.code = request.code
            role.name = request.name
            role.permissions = request.permissions
            role.description_p = request.description_p
            return role
        }
        let headers = try gateway.authorization()
        let body = #"{"code":"lab_lead","name":"室主任","permissions":["records.review"],"description":"审核"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/roles", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["code"] as? String == "lab_lead")
                #expect(json["description"] as? String == "审核")
                #expect(json["builtin"] as? Bool == false)
            }
        }
    }

    @Test func patchRoleSendsOnlyPresentFields() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.updateRole) { request in
            var role = Metrology_Identity_V1_Role()
            role.code = request.code
            return role
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/roles/lab_lead", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"disabled":false,"addPermissions":["audit.read"]}"#)
            ) { #expect($0.status == .ok) }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_UpdateRoleRequest.self)
        #expect(sent.code == "lab_lead")
        #expect(sent.hasDisabled && !sent.disabled)
        #expect(!sent.hasName && !sent.hasDescription_p)
        #expect(sent.addPermissions == ["audit.read"] && sent.removePermissions.isEmpty)
    }

    @Test func listsRolesAndPermissions() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.listRoles) { _ in
            var role = Metrology_Identity_V1_Role()
            role.code = "system_admin"
            role.builtin = true
            var response = Metrology_Identity_V1_ListRolesResponse()
            response.roles = [role]
            return response
        }
        backend.answer(IdentityMethods.listPermissions) { _ in
            var permission = Metrology_Identity_V1_PermissionInfo()
            permission.code = "audit.read"
            permission.title = "查看审计追踪"
            permission.readOnly = true
            var response = Metrology_Identity_V1_ListPermissionsResponse()
            response.permissions = [permission]
            return response
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/roles", method: .get, headers: headers) { response in
                let roles = try jsonObject(response.body)["roles"] as? [[String: Any]]
                #expect(roles?.first?["builtin"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/permissions", method: .get, headers: headers) { response in
                let permissions = try jsonObject(response.body)["permissions"] as? [[String: Any]]
                #expect(permissions?.first?["readOnly"] as? Bool == true)
                #expect(permissions?.first?["title"] as? String == "查看审计追踪")
            }
        }
    }
}
