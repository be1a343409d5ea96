import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/users*` and `/v1/me/password`: JSON ↔ protobuf mapping, statuses, and what never reaches the backend.
@Suite struct UsersRoutesTests {
    let gateway = TestGateway()

    static func user(_ id: String = "u-1", username: String = "wang") -> Metrology_Identity_V1_User {
        var user = Metrology_Identity_V1_User()
        user.id = id
        user.username = username
        return user
    }

    @Test func createUserAnswers201AndPassesTheIdempotencyKey() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.createUser) { request in
            var response = Metrology_Identity_V1_UserResponse()
            response.user = Self.user(username: request.username)
            response.user.displayName = request.displayName
            response.user.roles = request.roles
            return response
        }
        var fields = try gateway.authorization()
        fields[.init("Idempotency-Key")!] = "create-wang-0001"
        let headers = fields
        let body = #"{"username":"wang","password":"Secret-123","displayName":"王五","gender":"male","roles":["verifier"]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["username"] as? String == "wang")
                #expect(json["roles"] as? [String] == ["verifier"])
            }
        }
        let call = try #require(backend.calls.last)
        #expect(call.messageID == "create-wang-0001")
        #expect(call.accessToken != nil)
        let sent = try call.request(as: Metrology_Identity_V1_CreateUserRequest.self)
        #expect(sent.gender == "male")
        #expect(sent.idNumber == "")
    }

    @Test func patchSendsOnlyPresentFieldsAndRolesReplace() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.updateUser) { request in
            var response = Metrology_Identity_V1_UserResponse()
            response.user = Self.user(request.userID)
            return response
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users/u-7", method: .patch, headers: headers, body: ByteBuffer(string: #"{"position":"","roles":[]}"#))
            {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/users/u-7", method: .patch, headers: headers, body: ByteBuffer(string: #"{"displayName":"王五"}"#)) {
                #expect($0.status == .ok)
            }
        }
        let calls = backend.calls.all
        try #require(calls.count == 2)
        let first = try calls[0].request(as: Metrology_Identity_V1_UpdateUserRequest.self)
        #expect(first.userID == "u-7")
        #expect(first.hasPosition && first.position == "")
        #expect(!first.hasDisplayName && !first.hasGender && !first.hasPassword && !first.hasIDNumber)
        #expect(first.replaceRoles && first.roles.isEmpty)
        let second = try calls[1].request(as: Metrology_Identity_V1_UpdateUserRequest.self)
        #expect(second.hasDisplayName && second.displayName == "王五")
        #expect(!second.hasPosition && !second.replaceRoles)
    }

    @Test func listParsesTheQueryAndEchoesThePage() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.listUsers) { _ in
            var response = Metrology_Identity_V1_ListUsersResponse()
            response.users = [Self.user()]
            response.total = 41
            return response
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users?query=%E7%8E%8B&role=verifier&status=&page=3&pageSize=20", method: .get, headers: headers) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 41)
                #expect(json["page"] as? Int == 3)
                #expect(json["pageSize"] as? Int == 20)
                #expect((json["users"] as? [[String: Any]])?.first?["username"] as? String == "wang")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_ListUsersRequest.self)
        #expect(sent.query == "王")
        #expect(sent.role == "verifier")
        #expect(sent.status == "")
        #expect(sent.page == 3 && sent.pageSize == 20)
    }

    @Test func aNonIntegerPageIsRefusedBeforeTheBackend() async throws {
        let backend = FakeBackend()
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users?page=two", method: .get, headers: headers) { response in
                try expectProblem(response, .badRequest, code: "QUERY_INTEGER_INVALID")
                let json = try jsonObject(response.body)
                #expect((json["fields"] as? [String: String])?["page"] != nil)
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test(
        "a missing token is 401 and reaches no service",
        arguments: [
            ("/v1/users", HTTPRequest.Method.get), ("/v1/users", .post), ("/v1/users/u-1", .patch), ("/v1/users/u-1", .delete),
            ("/v1/users/u-1/disable", .post), ("/v1/users/u-1/id-number", .get), ("/v1/users/u-1/qualifications", .post),
            ("/v1/users/u-1/approved-items", .put), ("/v1/users/u-1/qualification-check", .get), ("/v1/me/password", .post),
            ("/v1/roles", .get), ("/v1/permissions", .get), ("/v1/signatures/challenges", .post), ("/v1/signatures/verify", .post),
            ("/v1/audit", .get), ("/v1/audit/verify", .get),
        ])
    func missingToken(_ uri: String, _ method: HTTPRequest.Method) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}")) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func permissionDeniedFromIdentityIs403() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.getUser) { _ in throw RPCError.permissionDenied("没有人员管理权限", reason: "PERMISSION_DENIED") }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users/u-1", method: .get, headers: headers) { response in
                try expectProblem(response, .forbidden, code: "PERMISSION_DENIED")
                let json = try jsonObject(response.body)
                #expect(json["title"] as? String == "没有人员管理权限")
            }
        }
    }

    @Test func userCarriesProfileQualificationsAndApprovedItems() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.getUser) { request in
            var user = Self.user(request.userID)
            user.idNumberMasked = "110105********123X"
            user.professionalTitle = "工程师"
            user.status = "active"
            user.locked = true
            user.updatedAt = .init(seconds: 1_714_550_400)
            var qualification = Metrology_Identity_V1_Qualification()
            qualification.id = "q-1"
            qualification.certificateNo = "JJ-2024-001"
            qualification.expiresOn = "2027-04-30"
            qualification.items = ["pressure-gauge"]
            qualification.valid = true
            user.qualifications = [qualification]
            user.approvedItems = ["pressure-gauge"]
            var response = Metrology_Identity_V1_UserResponse()
            response.user = user
            return response
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users/u-9", method: .get, headers: headers) { response in
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "u-9")
                #expect(json["idNumberMasked"] as? String == "110105********123X")
                #expect(json["professionalTitle"] as? String == "工程师")
                #expect(json["locked"] as? Bool == true)
                #expect(json["updatedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["createdAt"] == nil)
                #expect(json["approvedItems"] as? [String] == ["pressure-gauge"])
                let qualification = (json["qualifications"] as? [[String: Any]])?.first
                #expect(qualification?["certificateNo"] as? String == "JJ-2024-001")
                #expect(qualification?["valid"] as? Bool == true)
            }
        }
    }

    @Test func actionsCarryTheirReasonFromBodyOrQuery() async throws {
        var backend = FakeBackend()
        for method in [IdentityMethods.disableUser, IdentityMethods.enableUser, IdentityMethods.unlockUser, IdentityMethods.deleteUser] {
            backend.answer(method) { request in
                var response = Metrology_Identity_V1_UserResponse()
                response.user = Self.user(request.userID)
                return response
            }
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users/u-2/disable", method: .post, headers: headers, body: ByteBuffer(string: #"{"reason":"离职"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/users/u-2/unlock", method: .post, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/users/u-2?reason=%E9%87%8D%E5%A4%8D", method: .delete, headers: headers) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "u-2")
            }
        }
        let calls = backend.calls.all
        #expect(
            calls.map(\.fullName) == [IdentityMethods.disableUser.fullName, IdentityMethods.unlockUser.fullName, IdentityMethods.deleteUser.fullName])
        #expect(try calls.map { try $0.request(as: Metrology_Identity_V1_UserActionRequest.self).reason } == ["离职", "", "重复"])
    }

    @Test func qualificationRoutesMapPathAndQuery() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.addQualification) { request in
            var response = Metrology_Identity_V1_UserResponse()
            response.user = Self.user(request.userID)
            return response
        }
        backend.answer(IdentityMethods.removeQualification) { _ in Metrology_Identity_V1_UserResponse() }
        backend.answer(IdentityMethods.checkQualification) { request in
            var response = Metrology_Identity_V1_CheckQualificationResponse()
            response.allowed = false
            response.reason = "QUALIFICATION_EXPIRED"
            response.message = "资质已过期：\(request.item)"
            return response
        }
        let headers = try gateway.authorization()
        let body = #"{"certificateNo":"JJ-1","issuedOn":"2024-01-01","issuer":"市监局","expiresOn":"2027-01-01","items":["a","b"]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/users/u-3/qualifications", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/users/u-3/qualifications/q-5", method: .delete, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/users/u-3/qualification-check?item=a&action=review&date=2025-06-30", method: .get, headers: headers) {
                let json = try jsonObject($0.body)
                #expect(json["allowed"] as? Bool == false)
                #expect(json["reason"] as? String == "QUALIFICATION_EXPIRED")
                #expect(json["qualificationId"] as? String == "")
            }
        }
        let calls = backend.calls.all
        try #require(calls.count == 3)
        let added = try calls[0].request(as: Metrology_Identity_V1_AddQualificationRequest.self)
        #expect(added.userID == "u-3" && added.items == ["a", "b"] && added.issuer == "市监局")
        let removed = try calls[1].request(as: Metrology_Identity_V1_RemoveQualificationRequest.self)
        #expect(removed.userID == "u-3" && removed.qualificationID == "q-5")
        let check = try calls[2].request(as: Metrology_Identity_V1_CheckQualificationRequest.self)
        #expect(check.item == "a" && check.action == "review" && check.onDate == "2025-06-30")
    }

    @Test func changePasswordAnswers204() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.changePassword) { _ in .init() }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/me/password", method: .post, headers: headers, body: ByteBuffer(string: #"{"currentPassword":"a","newPassword":"b"}"#)
            ) { #expect($0.status == .noContent) }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_ChangePasswordRequest.self)
        #expect(sent.currentPassword == "a" && sent.newPassword == "b")
    }
}
