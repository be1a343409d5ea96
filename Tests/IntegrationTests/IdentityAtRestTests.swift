import Contracts
import Foundation
import Logging
import Messaging
import PostgresNIO
import Testing

/// What an attacker with a copy of identity's tables would find: no ID number and no private key in the clear.
@Suite("Identity: sensitive data at rest", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentityAtRestTests {
    @Test("ID numbers and token-signing private keys are stored sealed, never in the clear")
    func sealed() async throws {
        let fx = try await IdentityFixtures.make("at-rest")
        defer { Task { await fx.close() } }
        let number = TestIDNumbers.random()
        let user = try await fx.createUser("sealed", roles: [], idNumber: number)
        let logger = Logger(label: "at-rest")
        try await withDatabase(TestEnvironment.database(schema: "identity")) { database in
            var found = false
            for try await (cipher, masked) in try await database.query(
                "SELECT id_number_cipher, id_number_masked FROM users WHERE id = \(UUID(uuidString: user.id)!)", logger: logger
            ).decode((Data, String).self) {
                found = true
                #expect(cipher.range(of: Data(number.utf8)) == nil)
                #expect(cipher.range(of: Data(number.prefix(14).utf8)) == nil)
                #expect(masked.hasSuffix(String(number.suffix(4))) && !masked.contains(String(number.dropFirst(6).prefix(8))))
            }
            #expect(found)
            var keys = 0
            for try await (plain, sealed, retired) in try await database.query(
                "SELECT private_key IS NOT NULL, private_key_sealed IS NOT NULL, retired_at IS NOT NULL FROM signing_keys", logger: logger
            ).decode((Bool, Bool, Bool).self) {
                keys += 1
                #expect(!plain)
                #expect(sealed != retired)
            }
            #expect(keys >= 1)
        }
    }

    @Test("stored RPC outcomes hold no token, ID number or password in the clear, and a retry still gets the same reply")
    func storedOutcomesSealed() async throws {
        let fx = try await IdentityFixtures.make("at-rest-outcomes")
        defer { Task { await fx.close() } }
        let number = TestIDNumbers.random()
        let user = try await fx.createUser("outcomes", roles: [], idNumber: number)
        var login = Metrology_Identity_V1_LoginRequest()
        login.username = user.username
        login.password = IdentityFixtures.password
        let loginKey = UUID().uuidString
        let session = try await fx.client.call(IdentityMethods.login, login, options: .init(messageID: loginKey))
        // The retry of a login whose reply was lost: the same session, not a second one nor a refusal.
        let again = try await fx.client.call(IdentityMethods.login, login, options: .init(messageID: loginKey))
        #expect(again.refreshToken == session.refreshToken && again.accessToken == session.accessToken)
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = session.refreshToken
        let refreshKey = UUID().uuidString
        let renewed = try await fx.client.call(IdentityMethods.refresh, refresh, options: .init(messageID: refreshKey))
        #expect(
            try await fx.client.call(IdentityMethods.refresh, refresh, options: .init(messageID: refreshKey)).refreshToken == renewed.refreshToken)
        var reveal = Metrology_Identity_V1_UserActionRequest()
        reveal.userID = user.id
        let revealKey = UUID().uuidString
        #expect(
            try await fx.client.call(IdentityMethods.revealIdNumber, reveal, options: .init(messageID: revealKey, accessToken: fx.adminToken))
                .idNumber == number)

        let secrets = [
            session.refreshToken, session.accessToken, renewed.refreshToken, renewed.accessToken, number, String(number.prefix(14)),
            IdentityFixtures.password,
        ]
        let logger = Logger(label: "at-rest")
        try await withDatabase(TestEnvironment.database(schema: "identity")) { database in
            var rows = 0
            for try await (key, sealed, hash, status, payload) in try await database.query(
                "SELECT message_id, sealed, request_hash, status, payload FROM rpc_outcomes", logger: logger
            ).decode((String, Bool, Data, Data?, Data?).self) {
                rows += 1
                for stored in [hash, status ?? Data(), payload ?? Data()] {
                    for secret in secrets { #expect(stored.range(of: Data(secret.utf8)) == nil, "rpc_outcomes \(key) holds a secret in the clear") }
                }
                if [loginKey, refreshKey, revealKey].contains(key) { #expect(sealed) }
            }
            #expect(rows >= 3)
        }
    }
}
