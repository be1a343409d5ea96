import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceBootstrap
import Testing

/// One schema per service, migrations under a lock, reconnects after a database restart.
@Suite("Database", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct DatabaseTests {
    @Test("a service's role reads its own schema and is refused another service's")
    func schemaIsolation() async throws {
        // The identity schema has its tables once the identity service migrated; the platform stack does that.
        try await PlatformStack.shared.start()
        try await withEchoDatabase { echo in
            let own = try await echo.query("SELECT count(*) FROM counters", logger: TestEnvironment.logger)
            for try await _ in own.decode(Int64.self) {}
            do {
                let foreign = try await echo.query("SELECT count(*) FROM identity.users", logger: TestEnvironment.logger)
                for try await _ in foreign.decode(Int64.self) {}
                Issue.record("the echo role read identity.users")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "42501", "expected insufficient_privilege, got \(String(reflecting: error))")
            }
        }
    }

    @Test("several instances migrating at once apply each migration exactly once")
    func concurrentMigrations() async throws {
        let schema = "mig_\(UUID().uuidString.prefix(8).lowercased())"
        try await withDatabase(superuserDatabase) { admin in
            try await admin.query("CREATE SCHEMA \(unescaped: schema)", logger: TestEnvironment.logger)
        }
        var configuration = superuserDatabase
        configuration.schema = schema
        let migrations = [
            Migration(version: 1, name: "create", sql: "CREATE TABLE things (id serial PRIMARY KEY, note text);"),
            Migration(version: 2, name: "seed", sql: "INSERT INTO things (note) VALUES ('只插入一次');"),
        ]
        let versions = try await withDatabase(configuration) { client in
            try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await MigrationRunner(schema: schema, client: client, logger: TestEnvironment.logger).run(migrations) }
                }
                var all: [Int64] = []
                for try await version in group { all.append(version) }
                return all
            }
        }
        #expect(versions == [2, 2, 2, 2])
        try await withDatabase(configuration) { client in
            let rows = try await client.query("SELECT count(*) FROM things", logger: TestEnvironment.logger)
            for try await count in rows.decode(Int64.self) { #expect(count == 1) }
            let changed = [Migration(version: 1, name: "create", sql: "CREATE TABLE other (id int);")]
            await #expect(throws: MigrationError.self) {
                try await MigrationRunner(schema: schema, client: client, logger: TestEnvironment.logger).run(changed)
            }
        }
    }

    @Test("services reconnect to the database after it restarts")
    func databaseRestart() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            var bump = Metrology_Testing_V1_BumpRequest()
            bump.counter = "db-restart-\(UUID())"
            _ = try await client.call(cluster.method(EchoMethods.bump), bump)
            try await TestEnvironment.script("deploy/local/pg", ["restart"])
            let recovered = try await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
                _ = try await client.call(cluster.method(EchoMethods.bump), bump, options: .init(timeout: .seconds(2), messageID: UUID().uuidString))
                return true
            }
            #expect(recovered)
            await client.close()
        }
    }
}
