import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceBootstrap
import ServiceKit

/// A pooled client on the `echo` schema (as its own role), running for the duration of `body`.
func withEchoDatabase<Result: Sendable>(_ body: (PostgresClient) async throws -> Result) async throws -> Result {
    try await withDatabase(TestEnvironment.database(schema: "echo"), body)
}

func withDatabase<Result: Sendable>(_ configuration: DatabaseConfiguration, _ body: (PostgresClient) async throws -> Result) async throws -> Result {
    let client = configuration.makeClient(logger: TestEnvironment.logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

/// The superuser, for what a test must set up outside any service's schema.
var superuserDatabase: DatabaseConfiguration {
    DatabaseConfiguration(port: TestEnvironment.pgPort, user: "postgres", password: TestEnvironment.secret("postgres"), schema: "public")
}

/// A schema of its own for one test, as the superuser (who may create the shared runtime's tables in it), dropped
/// afterwards: `body` gets a client whose search path is that schema, and the schema's name.
func withScratchSchema<Result: Sendable>(_ prefix: String, _ body: (PostgresClient, String) async throws -> Result) async throws -> Result {
    let schema = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    try await withDatabase(superuserDatabase) { admin in
        try await admin.query("CREATE SCHEMA \(unescaped: schema)", logger: TestEnvironment.logger)
    }
    var configuration = superuserDatabase
    configuration.schema = schema
    let result = try await withDatabase(configuration) { try await body($0, schema) }
    try await withDatabase(superuserDatabase) { admin in
        try await admin.query("DROP SCHEMA \(unescaped: schema) CASCADE", logger: TestEnvironment.logger)
    }
    return result
}
