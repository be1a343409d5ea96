import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import Testing

/// The hash-chained audit trail, checked against the real identity schema: an edited, replaced or removed row is
/// found, and named.
@Suite("Audit trail", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct AuditTrailTests {
    @Test("verify finds an edited row and a removed row; restoring them makes the chain whole again")
    func tamperDetection() async throws {
        let fx = try await IdentityFixtures.make("audit-tamper")
        defer { Task { await fx.close() } }
        // Make sure there are a few entries to work with.
        for prefix in ["a1", "a2", "a3"] { _ = try await fx.createUser(prefix, roles: []) }
        let verify = { try await fx.client.call(AuditMethods.verify("identity"), .init(), options: .init(accessToken: fx.adminToken)) }
        let clean = try await verify()
        #expect(clean.intact)
        #expect(clean.checked >= 3)

        try await withDatabase(TestEnvironment.database(schema: "identity")) { client in
            let logger = Logger(label: "audit-test")
            try await client.withConnection { database in
            var target: (Int64, String)?
            for try await row in try await database.query(
                "SELECT seq, summary FROM audit_log ORDER BY seq DESC OFFSET 1 LIMIT 1", logger: logger
            ).decode((Int64, String).self) {
                target = row
            }
            let (seq, summary) = try #require(target)

            // Edit one entry's text, as someone with database access might.
            try await database.query("UPDATE audit_log SET summary = \("（已篡改）" + summary) WHERE seq = \(seq)", logger: logger)
            let edited = try await verify()
            #expect(!edited.intact)
            #expect(edited.firstBrokenSeq == seq)
            #expect(edited.problemCode == "AUDIT_HASH_MISMATCH")
            #expect(!edited.problem.isEmpty)
            try await database.query("UPDATE audit_log SET summary = \(summary) WHERE seq = \(seq)", logger: logger)
            #expect(try await verify().intact)

            // Remove it: the gap is reported at its position.
            // The service role may not create temporary tables: the row is put back from a copy of its raw bytes.
            var saved: Data?
            for try await bytes in try await database.query(
                "SELECT convert_to(row_to_json(a)::text, 'UTF8') FROM audit_log a WHERE seq = \(seq)", logger: logger
            ).decode(Data.self) {
                saved = bytes
            }
            let json = String(decoding: try #require(saved), as: UTF8.self)
            try await database.query("DELETE FROM audit_log WHERE seq = \(seq)", logger: logger)
            let removed = try await verify()
            #expect(removed.problemCode == "AUDIT_SEQUENCE_GAP")
            #expect(removed.firstBrokenSeq == seq)
            try await database.query("INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, \(json)::json)", logger: logger)
            #expect(try await verify().intact)
            }
        }
    }

    @Test("list filters by entity and action, pages newest first, and needs audit.read")
    func listing() async throws {
        let fx = try await IdentityFixtures.make("audit-list")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("audited", roles: [])
        for reason in ["一", "二"] {
            _ = try await fx.action(IdentityMethods.disableUser, user.id, reason: reason)
            _ = try await fx.action(IdentityMethods.enableUser, user.id, reason: reason)
        }
        var request = Metrology_Common_V1_ListAuditRequest()
        request.entityID = user.id
        request.pageSize = 2
        let first = try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken))
        #expect(first.entries.count == 2)
        #expect(first.entries[0].seq > first.entries[1].seq)
        #expect(first.entries[0].action == "user.enabled")
        #expect(first.nextBeforeSeq == first.entries[1].seq)
        request.beforeSeq = first.nextBeforeSeq
        request.pageSize = 10
        let rest = try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken))
        #expect(rest.entries.map(\.action) == ["user.enabled", "user.disabled", "user.created"])
        #expect(rest.nextBeforeSeq == 0)
        #expect(rest.entries.allSatisfy { $0.hash.count == 64 && $0.actorName.contains("admin") })

        request = .init()
        request.action = "user.disabled"
        request.entityID = user.id
        #expect(try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken)).entries.count == 2)

        let plain = try await fx.createUser("no-audit", roles: ["metrologist"])
        let token = try await fx.login(plain.username).accessToken
        let denied = try await expectRPCError(.permissionDenied) {
            _ = try await fx.client.call(AuditMethods.list("identity"), .init(), options: .init(accessToken: token))
        }
        #expect(denied.details["permission"] == "audit.read")
        // Every service answers for its own trail.
        #expect(try await fx.client.call(AuditMethods.verify("records"), .init(), options: .init(accessToken: fx.adminToken)).intact)
    }
}
