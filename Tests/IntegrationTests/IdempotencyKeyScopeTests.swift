import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// An Idempotency-Key answers only for the caller and the method that first used it (issue 14 item 8): before,
/// user B replaying A's key got A's stored reply (an ID number, with no audit entry for B), and an Enable sent with
/// the key of an earlier Disable answered "disabled" and did nothing.
@Suite("Idempotency keys scoped to caller and method", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdempotencyKeyScopeTests {
    @Test("another caller replaying a key with the same body is refused as a conflict, not given the first reply")
    func anotherCaller() async throws {
        let fx = try await IdentityFixtures.make("idem-caller")
        defer { Task { await fx.close() } }
        let number = TestIDNumbers.random()
        let subject = try await fx.createUser("idem-subject", roles: [], idNumber: number)
        let other = try await fx.createUser("idem-b", roles: ["system_admin"])
        let otherToken = try await fx.login(other.username).accessToken
        var reveal = Metrology_Identity_V1_UserActionRequest()
        reveal.userID = subject.id
        let key = UUID().uuidString
        let first = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(messageID: key, accessToken: fx.adminToken))
        #expect(first.idNumber == number)
        // The first caller's retry still gets its reply.
        let retried = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(messageID: key, accessToken: fx.adminToken))
        #expect(retried.idNumber == number)

        let refused = try await expectRPCError(.alreadyExists) {
            _ = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(messageID: key, accessToken: otherToken))
        }
        #expect(refused.reason == "IDEMPOTENCY_KEY_CONFLICT")
        #expect(!refused.message.contains(number))
        // With a key of its own, B is served, and audited.
        let own = try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(accessToken: otherToken))
        #expect(own.idNumber == number)
    }

    @Test("Disable then Enable of one user with one key: the Enable is refused as a conflict, not answered \"disabled\"")
    func anotherMethod() async throws {
        let fx = try await IdentityFixtures.make("idem-method")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("idem-toggle", roles: [])
        var request = Metrology_Identity_V1_UserActionRequest()
        request.userID = user.id
        let key = UUID().uuidString
        let disabled = try await fx.client.call(IdentityMethods.disableUser, request, options: .init(messageID: key, accessToken: fx.adminToken))
        #expect(disabled.user.status == "disabled")
        let refused = try await expectRPCError(.alreadyExists) {
            _ = try await fx.client.call(IdentityMethods.enableUser, request, options: .init(messageID: key, accessToken: fx.adminToken))
        }
        #expect(refused.reason == "IDEMPOTENCY_KEY_CONFLICT")
        // A new key does what was asked.
        let enabled = try await fx.client.call(IdentityMethods.enableUser, request, options: .init(accessToken: fx.adminToken))
        #expect(enabled.user.status == "active")
    }
}
