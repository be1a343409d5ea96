import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Each service verifies the caller's token itself: calling it directly over AMQP, past the gateway, gains nothing.
@Suite("Authorization inside each service", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct InServiceAuthorizationTests {
    init() async throws {
        try await PlatformStack.shared.start()
    }

    @Test("a direct call without a token, or with a tampered one, is UNAUTHENTICATED; a valid one passes")
    func directCalls() async throws {
        let client = try await makeClient("direct")
        let missing = try await expectRPCError(.unauthenticated) { _ = try await client.call(WhoAmIMethods.devices, .init()) }
        #expect(missing.reason == "TOKEN_MISSING")

        let access = try #require(try await adminLogin()["accessToken"] as? String)
        let parts = access.split(separator: ".").map(String.init)
        // Claim to be someone else, keep the administrator's signature.
        let forgedClaims = Data(
            #"{"iss":"metrology-identity","sub":"x","usr":"intruder","name":"x","roles":[],"perms":["users.manage"],"sid":"x","iat":0,"exp":9999999999,"jti":"x"}"#
                .utf8
        )
        .base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_")
        let forged = [parts[0], forgedClaims, parts[2]].joined(separator: ".")
        for method in [WhoAmIMethods.devices.fullName, WhoAmIMethods.records.fullName] {
            let service = method.contains("devices") ? "devices" : "records"
            let error = try await expectRPCError(.unauthenticated) {
                _ = try await client.callRaw(service: service, method: method, payload: [], options: .init(accessToken: forged))
            }
            #expect(error.reason == "TOKEN_BAD_SIGNATURE")
        }

        let devices = try await client.call(WhoAmIMethods.devices, .init(), options: .init(accessToken: access))
        #expect(devices.username == "admin")
        let reports = try await client.call(WhoAmIMethods.reports, .init(), options: .init(accessToken: access))
        #expect(reports.permissions.contains("users.manage"))
        await client.close()
    }
}
