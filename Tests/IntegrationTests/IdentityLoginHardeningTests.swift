import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Login under pressure (issue 14 §2, §4, §13): a burst of wrong logins must not stop identity, parallel guesses
/// are counted before they are checked, and account names are unique regardless of case.
@Suite("Identity: login hardening", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityLoginHardeningTests {
    /// The answer a login got, by reason; a call that did not answer in time shows as its code.
    static func outcome(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "OK"
        } catch let error as RPCError {
            return error.reason.isEmpty ? error.code.name : error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test("200 concurrent wrong-password logins (unknown names and a real one) leave identity answering: admin logs in within its deadline")
    func burstOfWrongLogins() async throws {
        let fx = try await IdentityFixtures.make("login-burst")
        defer { Task { await fx.close() } }
        let target = try await fx.createUser("burst-target", roles: ["verifier"])
        // Before the fix each wrong login held a pooled connection while it waited for a second one; 64 of them
        // exhausted the pool for good and every later login timed out.
        let answers = await withTaskGroup(of: String.self) { group in
            for index in 0..<200 {
                group.addTask {
                    await Self.outcome {
                        var request = Metrology_Identity_V1_LoginRequest()
                        request.username = index % 2 == 0 ? "nobody-\(index)-\(UUID().uuidString.prefix(6))" : target.username
                        request.password = "Wrong-Passw0rd-\(index)"
                        _ = try await fx.client.call(IdentityMethods.login, request, options: .init(timeout: .seconds(120)))
                    }
                }
            }
            var all: [String] = []
            for await answer in group { all.append(answer) }
            return all
        }
        let unexpected = answers.filter { $0 != "IDENTITY_BAD_CREDENTIALS" && $0 != "IDENTITY_ACCOUNT_LOCKED" }
        #expect(unexpected.isEmpty, "unexpected answers: \(Set(unexpected))")
        #expect(answers.filter { $0 == "IDENTITY_BAD_CREDENTIALS" }.count >= 100)

        var admin = Metrology_Identity_V1_LoginRequest()
        admin.username = "admin"
        admin.password = PlatformStack.adminPassword
        let session = try await fx.client.call(IdentityMethods.login, admin, options: .init(timeout: .seconds(10)))
        #expect(!session.accessToken.isEmpty)
    }

    @Test("parallel wrong guesses with threshold 3: at most 3 reach the password check, the account locks, and the right password is then refused")
    func parallelGuessesAreCountedFirst() async throws {
        let fx = try await IdentityFixtures.make("login-race")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("guessed", roles: ["verifier"])
        let answers = await withTaskGroup(of: String.self) { group in
            for index in 0..<12 {
                group.addTask { await Self.outcome { _ = try await fx.login(user.username, "Wrong-Passw0rd-\(index)") } }
            }
            var all: [String] = []
            for await answer in group { all.append(answer) }
            return all
        }
        #expect(answers.allSatisfy { $0 == "IDENTITY_BAD_CREDENTIALS" || $0 == "IDENTITY_ACCOUNT_LOCKED" }, "\(answers)")
        #expect(answers.filter { $0 == "IDENTITY_BAD_CREDENTIALS" }.count <= 2)

        // Every guess that reached the hash check left a login.failed entry; the rest were refused unchecked.
        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = user.id
        audit.pageSize = 100
        let actions = try await fx.client.call(AuditMethods.list("identity"), audit, options: .init(accessToken: fx.adminToken)).entries.map(\.action)
        #expect(actions.filter { $0 == "login.failed" }.count <= 3)
        #expect(actions.filter { $0 == "login.failed" || $0 == "login.refused" }.count == 12)
        #expect(actions.filter { $0 == "user.locked" }.count == 1)

        let right = try await expectRPCError(.unauthenticated) { _ = try await fx.login(user.username) }
        #expect(right.reason == "IDENTITY_ACCOUNT_LOCKED")
    }

    @Test("account names are unique regardless of case, and a login finds the account whatever case is typed")
    func caseInsensitiveNames() async throws {
        let fx = try await IdentityFixtures.make("login-case")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("Case", roles: ["verifier"])
        var twin = Metrology_Identity_V1_CreateUserRequest()
        twin.username = user.username.uppercased()
        twin.password = IdentityFixtures.password
        twin.displayName = "同名"
        let taken = try await expectRPCError(.alreadyExists) {
            _ = try await fx.client.call(IdentityMethods.createUser, twin, options: .init(accessToken: fx.adminToken))
        }
        #expect(taken.reason == "IDENTITY_USERNAME_TAKEN")
        let session = try await fx.login(user.username.uppercased())
        #expect(session.user.id == user.id)
    }
}
