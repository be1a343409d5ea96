import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import Testing

/// `/readyz?scope=gateway`: the gateway's own readiness, for load balancers and Kubernetes. With one service down
/// the platform-wide `/readyz` is 503, but the gateway must stay in service for every other screen (issue 14).
@Suite struct ReadinessRoutesTests {
    let gateway = TestGateway()

    @Test func theGatewayIsReadyWithItsBrokerWhileAServiceIsDown() async throws {
        // No service answers its health check: the whole platform is not ready, the gateway is.
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/readyz?scope=gateway", method: .get) { response in
                #expect(response.status == .ok)
                let body = try jsonObject(response.body)
                #expect(body["status"] as? String == "ready" && body["broker"] as? Bool == true)
                #expect((body["services"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func withoutItsBrokerTheGatewayIsNotReady() async throws {
        var backend = FakeBackend()
        backend.isConnected = false
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/readyz?scope=gateway", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try jsonObject(response.body)
                #expect(body["status"] as? String == "not_ready")
            }
        }
    }

    @Test func anUnknownScopeIsRefusedByName() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/readyz?scope=flows", method: .get) { response in
                try expectProblem(response, .badRequest, code: "QUERY_PARAMETER_INVALID")
            }
        }
    }
}
