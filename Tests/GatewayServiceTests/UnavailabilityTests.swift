import Auth
import Contracts
import Crypto
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import Testing

/// "Cannot answer now" is said as such: 503 with `Retry-After` (a client may retry), never 401 (which signs its user
/// out) nor 500; and a gateway whose revocation list is not loaded yet is not ready.
@Suite struct UnavailabilityTests {
    let gateway = TestGateway()

    func healthy() -> FakeBackend {
        var backend = FakeBackend()
        for service in ["identity", "devices"] {
            backend.answers["health:\(service)"] = { _ in
                var response = Metrology_Common_V1_HealthCheckResponse()
                response.databaseOk = true
                return response
            }
        }
        return backend
    }

    @Test("a service answering UNAVAILABLE (its database restarting) gives 503 with Retry-After")
    func retryAfter() async throws {
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError.unavailable("数据库暂时不可用，请稍后重试", reason: "DATABASE_UNAVAILABLE") }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"a","password":"b"}"#)) {
                response in
                try expectProblem(response, .serviceUnavailable, code: "DATABASE_UNAVAILABLE")
                #expect(response.headers[.retryAfter] == "2")
            }
        }
    }

    @Test("a gateway whose revocation list is not loaded: /readyz 503 revocationsLoaded false, a valid token 503 REVOCATIONS_NOT_LOADED")
    func revocationsNotLoaded() async throws {
        let publicKey = gateway.key.publicKey
        let revocations = RevocationList(loaded: false)
        let router = try GatewayApplication.buildRouter(
            backend: healthy(), verifier: TokenVerifier(revocations: revocations) { ["k1": publicKey] }, services: ["identity", "devices"])
        let app = Application(router: router)
        let authorization = try gateway.authorization()
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try jsonObject(response.body)
                #expect(body["revocationsLoaded"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: authorization) { response in
                try expectProblem(response, .serviceUnavailable, code: "REVOCATIONS_NOT_LOADED")
                #expect(response.headers[.wwwAuthenticate] == nil)
            }
            revocations.markLoaded()
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try jsonObject(response.body)
                #expect(body["revocationsLoaded"] as? Bool == true)
            }
        }
    }
}
