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
