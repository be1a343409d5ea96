import Contracts
import Foundation
import Logging
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
}
