import Auth
import Crypto
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import Testing

/// The gateway under test: trusts one freshly made signing key, so tests can mint valid tokens and foreign ones.
struct TestGateway {
    let key = Curve25519.Signing.PrivateKey()

    /// `device` makes a mobile session's token, bound to that device by its `dev` claim.
    func token(perms: [String] = [], device: String? = nil) throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        return try TokenSigner(keyID: "k1", privateKey: key).sign(
            AccessTokenClaims(sub: "u1", usr: "li", name: "李四", roles: [], perms: perms, sid: "s1", dev: device, iat: now, exp: now + 600))
    }

    /// `Authorization` with a valid token; the gateway checks no permissions, so none are needed.
    func authorization(device: String? = nil) throws -> HTTPFields { [.authorization: "Bearer \(try token(device: device))"] }

    /// `rateLimit` and `clock` set the per-address limit of the anonymous routes and the time its buckets see.
    func app(
        _ backend: FakeBackend, rateLimit: RateLimitSettings = .init(), clock: (@Sendable () -> Duration)? = nil
    ) throws -> some ApplicationProtocol {
        let publicKey = key.publicKey
        let router = try GatewayApplication.buildRouter(
            backend: backend, verifier: TokenVerifier { ["k1": publicKey] }, services: ["identity", "devices"], rateLimit: rateLimit,
            rateLimitClock: clock)
        // The gateway's own HTTP server (its handler for unparseable requests), for tests that run `.live`.
        return Application(router: router, server: GatewayApplication.server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// The body as a JSON object (an empty one when it is not).
func jsonObject(_ body: ByteBuffer) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
}

/// Checks a response is a problem document with this status and stable code.
func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, sourceLocation: sourceLocation)
    let json = try jsonObject(response.body)
    #expect(json["code"] as? String == code, sourceLocation: sourceLocation)
}
