import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import Testing

/// The hash-chained audit trail, checked against the real identity service: its own role cannot change a single
/// entry, and what someone with more rights (a database superuser) does to the trail is found and named — an edited,
/// removed or last-removed entry, and a chain rewritten with recomputed hashes.
@Suite("Audit trail", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct AuditTrailTests {
    static let chain = "metrology_identity"

    @Test("the service's own role may not update, delete or truncate its trail, nor move its head")
    func appendOnlyForTheServiceRole() async throws {
        let fx = try await IdentityFixtures.make("audit-append-only")
        defer { Task { await fx.close() } }
        _ = try await fx.createUser("ao", roles: [])
        try await withDatabase(TestEnvironment.database(schema: "identity")) { database in
            let logger = Logger(label: "audit-test")
            // The entry of the user just created may still be pending; sealing is allowed to the role.
            try await AuditTrail.seal(client: database, logger: logger)
            var last: Int64 = 0
            for try await seq in try await database.query("SELECT max(seq) FROM audit.entries", logger: logger).decode(Int64.self) { last = seq }
            #expect(last >= 1)
            for statement in [
                "UPDATE audit.entries SET summary = 'x' WHERE seq = \(last)", "DELETE FROM audit.entries WHERE seq = \(last)",
                "UPDATE audit.log SET summary = 'x' WHERE seq = \(last)", "DELETE FROM audit.log WHERE seq = \(last)", "TRUNCATE audit.log",
                "UPDATE audit.head SET seq = 1", "DROP TABLE audit.log", "CREATE TABLE audit.forged (id int)",
                "UPDATE audit.pending SET summary = 'x'", "DELETE FROM audit.pending", "DELETE FROM audit.unsealed",
            ] {
                do {
                    try await database.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    Issue.record("the service role could run: \(statement)")
                } catch let error as PSQLError {
                    // 42501 insufficient_privilege (no grant) or 42501/… must-be-owner for DDL.
                    #expect(
                        error.serverInfo?[.sqlState] == "42501", "\(statement): expected insufficient_privilege, got \(String(reflecting: error))")
                }
            }
        }
        #expect(try await fx.client.call(AuditMethods.verify("identity"), .init(), options: .init(accessToken: fx.adminToken)).intact)
    }

    @Test("verify finds an edited, a removed and a last-removed entry, and a recomputed chain; restored, the chain is whole again")
    func tamperDetection() async throws {
        let fx = try await IdentityFixtures.make("audit-tamper")
        defer { Task { await fx.close() } }
        // Make sure there are a few entries to work with.
        for prefix in ["a1", "a2", "a3"] { _ = try await fx.createUser(prefix, roles: []) }
        let verify = { try await fx.client.call(AuditMethods.verify("identity"), .init(), options: .init(accessToken: fx.adminToken)) }
        let clean = try await verify()
        #expect(clean.intact)
        #expect(clean.checked >= 3)

        // What only a superuser can do now: the service role has no UPDATE or DELETE (see above).
        try await withDatabase(superuserDatabase) { admin in
            let logger = Logger(label: "audit-test")
            let chain = Self.chain
            try await admin.withConnection { database in
                func entry(_ seq: Int64) async throws -> (json: String, summary: String) {
                    for try await (bytes, summary) in try await database.query(
                        "SELECT convert_to(row_to_json(a)::text, 'UTF8'), summary FROM audit.log a WHERE chain = \(chain) AND seq = \(seq)",
                        logger: logger
                    ).decode((Data, String).self) {
                        return (String(decoding: bytes, as: UTF8.self), summary)
                    }
                    throw TestFailure("no audit entry \(seq)")
                }
                func restore(_ seq: Int64, _ json: String) async throws {
                    try await database.query("DELETE FROM audit.log WHERE chain = \(chain) AND seq = \(seq)", logger: logger)
                    try await database.query(
                        "INSERT INTO audit.log SELECT * FROM json_populate_record(NULL::audit.log, \(json)::json)", logger: logger)
                }
                var newest: Int64 = 0
                for try await seq in try await database.query("SELECT seq FROM audit.head WHERE chain = \(chain)", logger: logger).decode(Int64.self)
                {
                    newest = seq
                }
                let seq = newest - 1
                let (json, summary) = try await entry(seq)

                // Edit one entry's text.
                try await database.query(
                    "UPDATE audit.log SET summary = \("（已篡改）" + summary) WHERE chain = \(chain) AND seq = \(seq)", logger: logger)
                let edited = try await verify()
                #expect(!edited.intact)
                #expect(edited.firstBrokenSeq == seq)
                #expect(edited.problemCode == "AUDIT_HASH_MISMATCH")
                #expect(!edited.problem.isEmpty)
                try await restore(seq, json)
                #expect(try await verify().intact)

                // Remove it: the gap is reported at its position.
                try await database.query("DELETE FROM audit.log WHERE chain = \(chain) AND seq = \(seq)", logger: logger)
                let removed = try await verify()
                #expect(removed.problemCode == "AUDIT_SEQUENCE_GAP")
                #expect(removed.firstBrokenSeq == seq)
                try await restore(seq, json)
                #expect(try await verify().intact)

                // Remove the last entry: what is left is a valid chain, but it ends before the anchored head.
                let (lastJSON, lastSummary) = try await entry(newest)
                try await database.query("DELETE FROM audit.log WHERE chain = \(chain) AND seq = \(newest)", logger: logger)
                let truncated = try await verify()
                #expect(truncated.problemCode == "AUDIT_TRUNCATED")
                #expect(truncated.firstBrokenSeq == newest)
                try await restore(newest, lastJSON)
                #expect(try await verify().intact)

                // Rewrite the last entry and recompute its hash, as a forger would: every link holds, the head does not.
                var forged: AuditRecord?
                for record in try await AuditTrailTests.records(chain: chain, seq: newest, on: database, logger: logger) { forged = record }
                var record = try #require(forged)
                record.summary = "（已篡改）" + lastSummary
                record.hash = record.expectedHash
                try await database.query(
                    "UPDATE audit.log SET summary = \(record.summary), hash = \(record.hash) WHERE chain = \(chain) AND seq = \(newest)",
                    logger: logger)
                let rewritten = try await verify()
                #expect(rewritten.problemCode == "AUDIT_HEAD_MISMATCH")
                #expect(rewritten.firstBrokenSeq == newest)
                try await restore(newest, lastJSON)
                #expect(try await verify().intact)
            }
        }
    }

    static func records(chain: String, seq: Int64, on database: PostgresConnection, logger: Logger) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        for try await row in try await database.query(
            """
            SELECT seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash
            FROM audit.log WHERE chain = \(chain) AND seq = \(seq)
            """, logger: logger)
        {
            let (seq, micros, actorID, actorName, action, entityType, entityID, summary, details, trace, previous, hash) = try row.decode(
                (Int64, Int64, String, String, String, String, String, String, String, String, Data, Data).self)
            records.append(
                AuditRecord(
                    seq: seq, occurredMicros: micros, actorID: actorID, actorName: actorName, action: action, entityType: entityType,
                    entityID: entityID, summary: summary, detailsJSON: details, traceID: trace, previousHash: previous, hash: hash))
        }
        return records
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
