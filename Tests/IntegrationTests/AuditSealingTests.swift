import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceBootstrap
import Testing

/// Entries submitted in writers' transactions and chained by `audit.seal` (issue 16): an entry whose write commits
/// late is sealed next time and never skipped, sealers racing produce one valid chain, and an edited sealed entry is
/// named. Each test writes to a chain of its own — a role created for it, enrolled as a service role is — so that
/// positions and counts are exact whatever other suites append meanwhile.
@Suite("Audit sealing", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct AuditSealingTests {
    @Test("an entry whose write commits after a later one was sealed is sealed by the next seal, after it")
    func lateCommitIsSealedNext() async throws {
        try await withAuditChain { _, client, logger in
            let (lateID, earlyID) = try await client.withConnection { writer in
                try await writer.query("BEGIN", logger: logger)
                let late = try await AuditTrail.append(Self.event("late"), on: writer, logger: logger)
                // A second write, started after the first and committed before it.
                let early = try await client.withConnection { other in try await AuditTrail.append(Self.event("early"), on: other, logger: logger) }
                #expect(try await AuditTrail.seal(client: client, logger: logger) == 1)
                try await writer.query("COMMIT", logger: logger)
                return (late, early)
            }
            #expect(lateID < earlyID)
            #expect(try await Self.unsealed(client, logger) == 1)
            #expect(try await AuditTrail.seal(client: client, logger: logger) == 1)
            #expect(try await Self.unsealed(client, logger) == 0)
            #expect(try await Self.positions(client, logger) == ["early": 1, "late": 2])
            let verification = try await AuditTrail.verify(client: client, logger: logger)
            #expect(verification.intact)
            #expect(verification.checked == 2)
        }
    }

    @Test("two sealers at once, one waiting on the other's head lock, chain every entry once into one valid chain")
    func concurrentSealers() async throws {
        try await withAuditChain { role, client, logger in
            for index in 0..<20 { try await client.withConnection { try await AuditTrail.append(Self.event("a\(index)"), on: $0, logger: logger) } }
            try await client.withConnection { first in
                // The first sealer holds the head's lock (its transaction is still open) after chaining 20 entries.
                try await first.query("BEGIN", logger: logger)
                var sealed: Int32 = 0
                for try await count in try await first.query("SELECT audit.seal(1000)", logger: logger).decode(Int32.self) { sealed = count }
                #expect(sealed == 20)
                for index in 0..<10 {
                    try await client.withConnection { try await AuditTrail.append(Self.event("b\(index)"), on: $0, logger: logger) }
                }
                // The second one starts now and must wait for that lock; once it has it, it must not chain the first
                // sealer's entries again, only the ten submitted since.
                let second = Task { try await AuditTrail.seal(client: client, logger: logger) }
                try await Self.waitUntilBlocked(role: role, logger: logger)
                try await first.query("COMMIT", logger: logger)
                #expect(try await second.value == 10)
            }
            // And many writers with two sealers looping beside them.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<25 {
                            try await client.withConnection { try await AuditTrail.append(Self.event("c\(writer)-\(index)"), on: $0, logger: logger) }
                        }
                    }
                }
                for _ in 0..<2 {
                    group.addTask { for _ in 0..<40 { try await AuditTrail.seal(client: client, logger: logger, batchSize: 7) } }
                }
                try await group.waitForAll()
            }
            try await AuditTrail.seal(client: client, logger: logger)
            let positions = try await Self.positions(client, logger)
            #expect(positions.count == 130)
            #expect(Set(positions.values) == Set(1...130))
            #expect(try await Self.unsealed(client, logger) == 0)
            let verification = try await AuditTrail.verify(client: client, logger: logger)
            #expect(verification.intact)
            #expect(verification.checked == 130)
        }
    }

    @Test("verify names a sealed entry edited afterwards AUDIT_HASH_MISMATCH, and the service role cannot touch pending entries")
    func tamperedSealedEntry() async throws {
        try await withAuditChain { role, client, logger in
            for name in ["一", "二", "三"] { try await client.withConnection { try await AuditTrail.append(Self.event(name), on: $0, logger: logger) } }
            try await client.withConnection { try await AuditTrail.append(Self.event("pending"), on: $0, logger: logger) }
            // Submitted but not sealed: the role may not change or remove it either.
            for statement in [
                "UPDATE audit.pending SET summary = 'x'", "DELETE FROM audit.pending", "DELETE FROM audit.unsealed",
                "UPDATE audit.unsealed SET summary = 'x'", "TRUNCATE audit.pending",
            ] {
                do {
                    try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    Issue.record("the service role could run: \(statement)")
                } catch let error as PSQLError {
                    #expect(
                        error.serverInfo?[.sqlState] == "42501", "\(statement): expected insufficient_privilege, got \(String(reflecting: error))")
                }
            }
            #expect(try await AuditTrail.verify(client: client, logger: logger).intact)
            try await withDatabase(superuserDatabase) { admin in
                try await admin.query("UPDATE audit.log SET summary = '（已篡改）' WHERE chain = \(role) AND seq = 2", logger: logger)
            }
            let verification = try await AuditTrail.verify(client: client, logger: logger)
            #expect(verification.problem == .hashMismatch)
            #expect(verification.problem?.rawValue == "AUDIT_HASH_MISMATCH")
            #expect(verification.firstBrokenSeq == 2)
            #expect(verification.checked == 1)
        }
    }

    // MARK: - Support

    static func event(_ entityID: String) -> AuditEvent {
        AuditEvent(actorID: "tester", actorName: "测试员", action: "thing.done", entityType: "thing", entityID: entityID, summary: "测试条目 \(entityID)")
    }

    /// Position of each entry by its entity id.
    static func positions(_ client: PostgresClient, _ logger: Logger) async throws -> [String: Int64] {
        var positions: [String: Int64] = [:]
        for try await (entity, seq) in try await client.query("SELECT entity_id, seq FROM audit.entries", logger: logger).decode((String, Int64).self)
        {
            positions[entity] = seq
        }
        return positions
    }

    static func unsealed(_ client: PostgresClient, _ logger: Logger) async throws -> Int64 {
        var count: Int64 = 0
        for try await value in try await client.query("SELECT count(*) FROM audit.unsealed", logger: logger).decode(Int64.self) { count = value }
        return count
    }

    /// Polls until a session of `role` waits for a lock (the second sealer on the head); no fixed sleep decides it.
    static func waitUntilBlocked(role: String, logger: Logger) async throws {
        try await withDatabase(superuserDatabase) { admin in
            for _ in 0..<500 {
                for try await waiting in try await admin.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = \(role) AND wait_event_type = 'Lock'", logger: logger
                ).decode(Int64.self) where waiting > 0 {
                    return
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestFailure("the second sealer never waited for the head's lock")
        }
    }

    /// A role of its own, enrolled in the audit schema as the bootstrap enrolls a service's, so the chain is the test's
    /// alone; dropped afterwards (its entries stay, as a service's would).
    func withAuditChain(_ body: (String, PostgresClient, Logger) async throws -> Void) async throws {
        let role = "metrology_audit_t\(UUID().uuidString.prefix(8).lowercased())"
        let password = UUID().uuidString
        let logger = Logger(label: "audit-sealing-test")
        try await withDatabase(superuserDatabase) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'"), logger: logger)
            try await admin.query(PostgresQuery(unsafeSQL: "GRANT CONNECT ON DATABASE metrology TO \(role)"), logger: logger)
            try await admin.query("SELECT audit.enroll(\(role)::name)", logger: logger)
        }
        let configuration = DatabaseConfiguration(port: TestEnvironment.pgPort, user: role, password: password, schema: "public")
        try await withDatabase(configuration) { client in try await body(role, client, logger) }
        // Best effort: a role left behind in the test stack's database harms nothing.
        try? await withDatabase(superuserDatabase) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "DROP OWNED BY \(role)"), logger: logger)
            try await admin.query(PostgresQuery(unsafeSQL: "DROP ROLE \(role)"), logger: logger)
        }
    }
}
