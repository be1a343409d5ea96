import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import Testing

/// The HTTP answers issue 14 found undocumented or wrong: 405 with `Allow`, the 401 challenge, the scheme's case,
/// and the bound on the request target.
@Suite struct HTTPContractTests {
    let gateway = TestGateway()

    @Test func aWrongMethodOnAServedPathIs405WithAllow() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .delete) { response in
                try expectProblem(response, .methodNotAllowed, code: "METHOD_NOT_ALLOWED")
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/v1/users/5f0c1e9e-0000-4000-8000-000000000001", method: .put) { response in
                try expectProblem(response, .methodNotAllowed, code: "METHOD_NOT_ALLOWED")
                #expect(response.headers[.allow] == "DELETE, GET, PATCH")
            }
            // A path nobody serves stays 404.
            try await client.execute(uri: "/v1/nothing-here", method: .delete) { response in
                try expectProblem(response, .notFound, code: "ROUTE_NOT_FOUND")
            }
        }
    }

    @Test func a401NamesTheBearerChallenge() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="metrology""#)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer not.a.token"]) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MALFORMED")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="metrology", error="invalid_token""#)
            }
        }
    }

    @Test func aWrongPasswordAtLoginCarriesTheChallengeWithoutAnError() async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS") }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"a","password":"b"}"#)) {
                response in
                try expectProblem(response, .unauthorized, code: "IDENTITY_BAD_CREDENTIALS")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="metrology""#)
            }
        }
    }

    @Test(arguments: ["bearer", "BEARER", "Bearer", "bEaReR"])
    func theSchemeNameIsCaseInsensitive(scheme: String) async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.getMe) { _ in
            var response = Metrology_Identity_V1_GetMeResponse()
            response.user.username = "li"
            return response
        }
        let token = try gateway.token()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "\(scheme) \(token)"]) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(backend.calls.last?.accessToken == token)
    }

    @Test func anotherSchemeIsNoToken() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Basic YWRtaW46eA=="]) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearertoken"]) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
        }
    }

    @Test func aRequestTargetOver8KiBIs414() async throws {
        let query = String(repeating: "a", count: 9000)
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/v1/users?query=\(query)", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .init(code: 414), code: "URI_TOO_LONG")
            }
        }
    }
}
