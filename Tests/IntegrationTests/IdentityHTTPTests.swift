import Foundation
import Testing

/// The identity API through the gateway's HTTP routes against the real services: JSON in, JSON or problem+json out.
@Suite("Identity over HTTP", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityHTTPTests {
    init() async throws {
        try await PlatformStack.shared.start()
    }

    @Test("people: create, list with search, patch, disable, audit and verify, all through the gateway")
    func people() async throws {
        let token = try #require(try await adminLogin()["accessToken"] as? String)
        let username = IdentityFixtures.uniqueName("http")
        let number = TestIDNumbers.random(male: false)
        let created = try await http(
            "POST", "/v1/users",
            json: [
                "username": username, "password": IdentityFixtures.password, "displayName": "王芳", "idNumber": number, "education": "本科",
                "professionalTitle": "工程师", "position": "检定员", "roles": ["metrologist"],
            ], token: token, headers: ["Idempotency-Key": "create-\(username)"])
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect(created.json["idNumberMasked"] as? String == String(number.prefix(6)) + "********" + String(number.suffix(4)))
        #expect(created.json["gender"] as? String == "female")

        let invalid = try await http("POST", "/v1/users", json: ["username": "x y", "password": "p", "displayName": ""], token: token)
        #expect(invalid.status == 400)
        #expect(invalid.contentType.hasPrefix("application/problem+json"))
        #expect((invalid.json["title"] as? String)?.isEmpty == false)

        let list = try await http("GET", "/v1/users?query=\(username)&pageSize=5", token: token)
        #expect(list.status == 200)
        #expect(list.json["total"] as? Int == 1)

        let patched = try await http("PATCH", "/v1/users/\(id)", json: ["position": "核验员", "roles": ["verifier"]], token: token)
        #expect(patched.status == 200)
        #expect(patched.json["position"] as? String == "核验员")
        #expect(patched.json["roles"] as? [String] == ["verifier"])

        let disabled = try await http("POST", "/v1/users/\(id)/disable", json: ["reason": "调岗"], token: token)
        #expect(disabled.json["status"] as? String == "disabled")

        let audit = try await http("GET", "/v1/audit?service=identity&entityId=\(id)", token: token)
        let actions = (audit.json["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
        #expect(actions == ["user.disabled", "user.updated", "user.created"])
        let verify = try await http("GET", "/v1/audit/verify?service=identity", token: token)
        #expect(verify.status == 200)
        #expect(verify.json["intact"] as? Bool == true)
        let unknown = try await http("GET", "/v1/audit/verify?service=nowhere", token: token)
        #expect(unknown.status == 400)
        #expect(unknown.json["code"] as? String == "AUDIT_SERVICE_UNKNOWN")
    }

    @Test("roles and permissions: the catalogue, a new role, and 403 for someone without the right")
    func roles() async throws {
        let token = try #require(try await adminLogin()["accessToken"] as? String)
        let permissions = try await http("GET", "/v1/permissions", token: token)
        let codes = (permissions.json["permissions"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.contains("records.review") && codes.contains("audit.read") && codes.contains("users.reveal_id"))
        let roles = try await http("GET", "/v1/roles", token: token)
        let names = (roles.json["roles"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        for name in ["高层管理员", "系统管理员", "计量员", "核验员", "审批员", "文档管理员", "设备管理员", "政府监督员"] { #expect(names.contains(name)) }

        let code = "http_" + UUID().uuidString.prefix(6).lowercased()
        let created = try await http("POST", "/v1/roles", json: ["code": code, "name": "外勤", "permissions": ["records.query"]], token: token)
        #expect(created.status == 201)
        let disabled = try await http("PATCH", "/v1/roles/\(code)", json: ["disabled": true], token: token)
        #expect(disabled.json["disabled"] as? Bool == true)

        let username = IdentityFixtures.uniqueName("http-metro")
        _ = try await http(
            "POST", "/v1/users",
            json: [
                "username": username, "password": IdentityFixtures.password, "displayName": "李工", "roles": ["metrologist"],
                "requirePasswordChange": false,
            ],
            token: token)
        let login = try await http("POST", "/v1/auth/login", json: ["username": username, "password": IdentityFixtures.password])
        let metrologist = try #require(login.json["accessToken"] as? String)
        let denied = try await http("POST", "/v1/roles", json: ["code": code + "x", "name": "x", "permissions": []], token: metrologist)
        #expect(denied.status == 403)
        #expect(denied.json["code"] as? String == "PERMISSION_DENIED")
        let changed = try await http(
            "POST", "/v1/me/password", json: ["currentPassword": IdentityFixtures.password, "newPassword": "New-Passw0rd-2"], token: metrologist)
        #expect(changed.status == 204)
        #expect(try await http("POST", "/v1/auth/login", json: ["username": username, "password": "New-Passw0rd-2"]).status == 200)
    }
}
