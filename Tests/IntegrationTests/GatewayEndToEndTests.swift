import Foundation
import Testing

/// The gateway in front of the real services: health, readiness, login, the caller, problem documents.
@Suite("Gateway end to end", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct GatewayEndToEndTests {
    init() async throws {
        try await PlatformStack.shared.start()
    }

    @Test("/healthz answers and /readyz reports every service with its migration version")
    func readiness() async throws {
        #expect(try await http("GET", "/healthz").status == 200)
        let ready = try await http("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.json["status"] as? String == "ready")
        #expect(ready.json["broker"] as? Bool == true)
        let services = try #require(ready.json["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String } == ["identity", "devices", "flows", "records", "certificates", "reports"])
        for service in services {
            #expect(service["ok"] as? Bool == true)
            #expect(service["databaseOk"] as? Bool == true)
            #expect((service["migrationVersion"] as? Int ?? 0) >= 1)
        }
    }

    @Test("the OpenAPI document is served")
    func openAPI() async throws {
        let document = try await http("GET", "/openapi.yaml")
        #expect(document.status == 200)
        #expect(document.text.hasPrefix("openapi: 3"))
        for path in ["/v1/auth/login:", "/v1/me:", "/readyz:", "/healthz:"] { #expect(document.text.contains(path)) }
    }

    @Test("the first administrator logs in and sees their permissions")
    func loginAndMe() async throws {
        let tokens = try await adminLogin()
        let access = try #require(tokens["accessToken"] as? String)
        #expect(tokens["tokenType"] as? String == "Bearer")
        #expect((tokens["refreshToken"] as? String)?.isEmpty == false)
        let me = try await http("GET", "/v1/me", token: access)
        #expect(me.status == 200)
        #expect(me.json["username"] as? String == "admin")
        #expect(me.json["displayName"] as? String == "系统管理员")
        let permissions = try #require(me.json["permissions"] as? [String])
        #expect(permissions.contains("users.manage"))
        #expect(permissions.contains("audit.read"))
    }

    @Test("a wrong password is a 401 problem document with a stable code and a Chinese title")
    func wrongPassword() async throws {
        let result = try await http("POST", "/v1/auth/login", json: ["username": "admin", "password": "wrong"])
        #expect(result.status == 401)
        #expect(result.contentType.hasPrefix("application/problem+json"))
        #expect(result.json["code"] as? String == "IDENTITY_BAD_CREDENTIALS")
        #expect(result.json["title"] as? String == "用户名或密码错误")
        #expect(result.json["grpcCode"] as? String == "UNAUTHENTICATED")
        let unknown = try await http("POST", "/v1/auth/login", json: ["username": "nobody", "password": "x"])
        #expect(unknown.json["code"] as? String == "IDENTITY_BAD_CREDENTIALS")
    }

    @Test("bad requests: missing token, forged token, broken JSON, unknown route")
    func badRequests() async throws {
        let missing = try await http("GET", "/v1/me")
        #expect(missing.status == 401)
        #expect(missing.json["code"] as? String == "TOKEN_MISSING")
        let forged = try await http("GET", "/v1/me", token: "eyJhbGciOiJFZERTQSIsImtpZCI6Im5vcGUifQ.e30.AAAA")
        #expect(forged.status == 401)
        let broken = try await http("POST", "/v1/auth/login", rawBody: Data("{not json".utf8))
        #expect(broken.status == 400)
        #expect(broken.json["code"] as? String == "INVALID_JSON")
        let missingField = try await http("POST", "/v1/auth/login", json: ["username": "admin"])
        #expect(missingField.status == 400)
        let route = try await http("GET", "/v1/nothing-here")
        #expect(route.status == 404)
        #expect(route.contentType.hasPrefix("application/problem+json"))
    }

    @Test("refresh rotates the refresh token; logout ends the session")
    func refreshAndLogout() async throws {
        let tokens = try await adminLogin()
        let refresh = try #require(tokens["refreshToken"] as? String)
        let renewed = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": refresh])
        #expect(renewed.status == 200)
        let next = try #require(renewed.json["refreshToken"] as? String)
        #expect(next != refresh)

        // Logout first: replaying the traded token below ends the session by reuse detection (issue 14 §10), and
        // whether the gateway heard of that before a later logout is a race this test must not depend on.
        let access = try #require(renewed.json["accessToken"] as? String)
        #expect(try await http("POST", "/v1/auth/logout", token: access).status == 204)
        let afterLogout = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": next])
        #expect(afterLogout.status == 401)
        #expect(afterLogout.json["code"] as? String == "IDENTITY_REFRESH_TOKEN_INVALID")
    }

    @Test("a traded refresh token presented again ends the whole session: IDENTITY_REFRESH_TOKEN_REUSED")
    func refreshReuse() async throws {
        let tokens = try await adminLogin()
        let refresh = try #require(tokens["refreshToken"] as? String)
        let renewed = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": refresh])
        #expect(renewed.status == 200)
        let next = try #require(renewed.json["refreshToken"] as? String)
        let reused = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": refresh])
        #expect(reused.status == 401)
        #expect(reused.json["code"] as? String == "IDENTITY_REFRESH_TOKEN_REUSED")
        let successor = try await http("POST", "/v1/auth/refresh", json: ["refreshToken": next])
        #expect(successor.status == 401)
        #expect(successor.json["code"] as? String == "IDENTITY_REFRESH_TOKEN_INVALID")
    }

    @Test("a retried login with the same Idempotency-Key returns the first outcome")
    func idempotencyKey() async throws {
        let key = "login-\(UUID().uuidString)"
        let body = ["username": "admin", "password": PlatformStack.adminPassword]
        let first = try await http("POST", "/v1/auth/login", json: body, headers: ["Idempotency-Key": key])
        let second = try await http("POST", "/v1/auth/login", json: body, headers: ["Idempotency-Key": key])
        #expect(first.status == 200)
        #expect(first.json["refreshToken"] as? String == second.json["refreshToken"] as? String)
        let bad = try await http("POST", "/v1/auth/login", json: body, headers: ["Idempotency-Key": "x"])
        #expect(bad.status == 400)
        #expect(bad.json["code"] as? String == "IDEMPOTENCY_KEY_INVALID")
    }
}
