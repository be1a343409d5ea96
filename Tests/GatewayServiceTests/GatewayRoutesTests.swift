import Auth
import Contracts
import Crypto
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import NIOFoundationEssentialsCompat
import RPCCore
import SwiftProtobuf
import Testing

/// The gateway's HTTP behaviour against a fake backend: status mapping, problem documents, token checks.
@Suite struct GatewayRoutesTests {
    let gateway = TestGateway()

    func token(perms: [String] = []) throws -> String { try gateway.token(perms: perms) }

    func app(_ backend: FakeBackend) throws -> some ApplicationProtocol { try gateway.app(backend) }

    @Test func loginMapsBadCredentialsTo401Problem() async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS") }
        try await app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"a","password":"b"}"#)) {
                response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["code"] as? String == "IDENTITY_BAD_CREDENTIALS")
                #expect(problem?["status"] as? Int == 401)
            }
        }
    }

    @Test func loginPassesTokensThrough() async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { bytes in
            let request = try Metrology_Identity_V1_LoginRequest(serializedBytes: bytes)
            var response = Metrology_Identity_V1_LoginResponse()
            response.accessToken = "access-for-\(request.username)"
            response.refreshToken = "refresh"
            response.user.username = request.username
            return response
        }
        try await app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"wang","password":"p"}"#)) {
                response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["accessToken"] as? String == "access-for-wang")
                #expect((body?["user"] as? [String: Any])?["username"] as? String == "wang")
            }
        }
    }

    @Test func meRefusesMissingAndForeignTokensBeforeCallingIdentity() async throws {
        let foreign = try TokenSigner(keyID: "k1", privateKey: Curve25519.Signing.PrivateKey()).sign(
            AccessTokenClaims(
                sub: "u", usr: "u", name: "u", roles: [], perms: [], sid: "s", iat: Int64(Date().timeIntervalSince1970),
                exp: Int64(Date().timeIntervalSince1970) + 60))
        // The fake has no GetMe answer: reaching it would be a 503, not a 401.
        try await app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get) { response in #expect(response.status == .unauthorized) }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(foreign)"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func meWithValidToken() async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.getMe.fullName] = { _ in
            var response = Metrology_Identity_V1_GetMeResponse()
            response.user.username = "li"
            response.user.permissions = ["records.enter"]
            return response
        }
        let token = try token()
        try await app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["permissions"] as? [String] == ["records.enter"])
            }
        }
    }

    @Test func readinessFailsWhenAServiceDoesNotAnswer() async throws {
        var backend = FakeBackend()
        backend.answers["health:identity"] = { _ in
            var response = Metrology_Common_V1_HealthCheckResponse()
            response.databaseOk = true
            response.migrationVersion = 1
            return response
        }
        try await app(backend).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let services = body?["services"] as? [[String: Any]]
                #expect(services?.first?["ok"] as? Bool == true)
                #expect(services?.last?["ok"] as? Bool == false)
            }
        }
    }

    @Test(
        "gRPC codes map to HTTP statuses",
        arguments: [
            (RPCCode.invalidArgument, 400), (.unauthenticated, 401), (.permissionDenied, 403), (.notFound, 404), (.alreadyExists, 409),
            (.unavailable, 503), (.deadlineExceeded, 504), (.unimplemented, 501), (.internal, 500),
        ])
    func statusMapping(_ code: RPCCode, _ status: Int) async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError(code: code, message: "测试") }
        try await app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"a","password":"b"}"#)) {
                response in
                #expect(Int(response.status.code) == status)
            }
        }
    }
}
