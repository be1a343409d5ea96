import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import ServiceBootstrap
import Synchronization
import Testing

@testable import GatewayService

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let elapsed = Mutex<Duration>(.zero)
    func advance(_ duration: Duration) { elapsed.withLock { $0 += duration } }
    var now: @Sendable () -> Duration { { self.elapsed.withLock { $0 } } }
}

/// The per-address limit in front of login and refresh (issue 14, items 2 and 13).
@Suite struct RateLimitTests {
    let gateway = TestGateway()

    @Test func aBucketAllowsItsBurstThenRefillsAtItsRate() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(settings: .init(burst: 3, perMinute: 6), now: clock.now)
        #expect((1...3).map { _ in limiter.take(for: "10.0.0.1") } == [.allowed, .allowed, .allowed])
        // Six a minute: one token every ten seconds.
        #expect(limiter.take(for: "10.0.0.1") == .limited(retryAfterSeconds: 10))
        #expect(limiter.take(for: "10.0.0.2") == .allowed, "another address has a bucket of its own")
        clock.advance(.seconds(4))
        #expect(limiter.take(for: "10.0.0.1") == .limited(retryAfterSeconds: 6))
        clock.advance(.seconds(6))
        #expect(limiter.take(for: "10.0.0.1") == .allowed)
        #expect(limiter.take(for: "10.0.0.1") == .limited(retryAfterSeconds: 10))
        // A long pause refills to the burst, not beyond it.
        clock.advance(.seconds(3600))
        #expect((1...4).map { _ in limiter.take(for: "10.0.0.1") } == [.allowed, .allowed, .allowed, .limited(retryAfterSeconds: 10)])
    }

    @Test func memoryIsBoundedAndIdleAddressesGoFirst() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(settings: .init(burst: 2, perMinute: 60, maxAddresses: 100), now: clock.now)
        // An attacker's address, drained.
        _ = limiter.take(for: "attacker")
        _ = limiter.take(for: "attacker")
        for index in 0..<1000 {
            _ = limiter.take(for: "10.1.\(index / 256).\(index % 256)")
            #expect(limiter.count <= 100)
        }
        #expect(limiter.count <= 100)

        // Buckets refilled to the brim are forgotten before drained ones.
        let second = TokenBucketLimiter(settings: .init(burst: 2, perMinute: 60, maxAddresses: 4), now: clock.now)
        _ = second.take(for: "drained")
        _ = second.take(for: "drained")
        for index in 0..<3 { _ = second.take(for: "idle-\(index)") }
        clock.advance(.seconds(2))  // the idle ones (one token used) are full again; "drained" has 2 of 2 back too
        _ = second.take(for: "drained")
        _ = second.take(for: "drained")
        _ = second.take(for: "newcomer")
        #expect(second.take(for: "drained") == .limited(retryAfterSeconds: 1), "the drained bucket survived the eviction")
    }

    @Test func theClientIsThePeerUnlessThePeerIsATrustedProxy() {
        let addresses = ClientAddress(trustedProxies: ["10.0.0.5", "10.0.0.6"])
        #expect(addresses.resolve(peer: "203.0.113.7", forwardedFor: ["1.2.3.4"]) == "203.0.113.7", "an untrusted peer's header is ignored")
        #expect(addresses.resolve(peer: "10.0.0.5", forwardedFor: ["198.51.100.9"]) == "198.51.100.9")
        // The client wrote the left entries itself; the right-most address no trusted proxy vouches for is the client.
        #expect(addresses.resolve(peer: "10.0.0.5", forwardedFor: ["1.1.1.1, 198.51.100.9, 10.0.0.6"]) == "198.51.100.9")
        #expect(addresses.resolve(peer: "10.0.0.5", forwardedFor: ["1.1.1.1", "198.51.100.9"]) == "198.51.100.9")
        #expect(addresses.resolve(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(addresses.resolve(peer: "::ffff:10.0.0.5", forwardedFor: ["[2001:DB8::1]"]) == "2001:db8::1")
        #expect(addresses.resolve(peer: nil, forwardedFor: ["1.2.3.4"]) == "unknown")
    }

    @Test func loginOverTheLimitIs429WithRetryAfterAndAChineseMessage() async throws {
        let clock = ManualClock()
        var backend = FakeBackend()
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS") }
        backend.answers[IdentityMethods.refresh.fullName] = { _ in
            throw RPCError.unauthenticated("刷新令牌无效", reason: "IDENTITY_REFRESH_TOKEN_INVALID")
        }
        let login = ByteBuffer(string: #"{"username":"admin","password":"guess"}"#)
        try await gateway.app(backend, rateLimit: .init(burst: 2, perMinute: 2), clock: clock.now).test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/auth/login", method: .post, body: login) { response in
                    try expectProblem(response, .unauthorized, code: "IDENTITY_BAD_CREDENTIALS")
                }
            }
            try await client.execute(uri: "/v1/auth/login", method: .post, body: login) { response in
                try expectProblem(response, .tooManyRequests, code: "RATE_LIMITED")
                #expect(response.headers[.retryAfter] == "30")
                let problem = try jsonObject(response.body)
                #expect((problem["title"] as? String)?.contains("过于频繁") == true)
                #expect((problem["fields"] as? [String: String])?["retryAfterSeconds"] == "30")
            }
            // Refresh shares the address's bucket: guessing cannot move from one to the other.
            try await client.execute(uri: "/v1/auth/refresh", method: .post, body: ByteBuffer(string: #"{"refreshToken":"x"}"#)) { response in
                try expectProblem(response, .tooManyRequests, code: "RATE_LIMITED")
            }
            // Health and signed-in routes are not limited.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            clock.advance(.seconds(30))
            try await client.execute(uri: "/v1/auth/login", method: .post, body: login) { response in
                try expectProblem(response, .unauthorized, code: "IDENTITY_BAD_CREDENTIALS")
            }
        }
        // Refused requests never reached identity.
        #expect(backend.calls.all.count == 3)
    }

    @Test func theSettingsComeFromTheEnvironment() throws {
        let settings = try GatewaySettings.fromEnvironment(
            .init([
                "METROLOGY_RATE_LIMIT_BURST": "5", "METROLOGY_RATE_LIMIT_PER_MINUTE": "12", "METROLOGY_RATE_LIMIT_ADDRESSES": "500",
                "METROLOGY_TRUSTED_PROXIES": "10.0.0.5, 10.0.0.6",
            ]))
        #expect(settings.rateLimit == RateLimitSettings(burst: 5, perMinute: 12, maxAddresses: 500, trustedProxies: ["10.0.0.5", "10.0.0.6"]))
        #expect(try GatewaySettings.fromEnvironment(.init([:])).rateLimit == RateLimitSettings())
        #expect(throws: ConfigurationError.self) { try GatewaySettings.fromEnvironment(.init(["METROLOGY_RATE_LIMIT_BURST": "-1"])) }
    }
}
