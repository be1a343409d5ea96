public import Logging
public import PostgresNIO

/// Applies the framework's and then the service's migrations to the service's schema.
///
/// Several instances of a service may start at once: a session advisory lock, keyed by the schema, lets one of them
/// migrate while the others wait and then find nothing left to do. Each migration runs in its own transaction
/// together with its row in `schema_migrations`.
public struct MigrationRunner: Sendable {
    public let schema: String
    public let client: PostgresClient
    public let logger: Logger

    public init(schema: String, client: PostgresClient, logger: Logger) {
        self.schema = schema
        self.client = client
        self.logger = logger
    }

    /// Returns the highest applied version of the service's own migrations.
    @discardableResult
    public func run(_ migrations: [Migration]) async throws -> Int64 {
        let lockKey = "metrology.migrations.\(schema)"
        return try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(hashtext(\(lockKey)))", logger: logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        component  text NOT NULL,
                        version    bigint NOT NULL,
                        name       text NOT NULL,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        PRIMARY KEY (component, version)
                    )
                    """, logger: logger)
                try await apply(FrameworkMigrations.all, component: "framework", on: connection)
                let version = try await apply(migrations, component: "service", on: connection)
                try await connection.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))", logger: logger)
                return version
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))", logger: logger)
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], component: String, on connection: PostgresConnection) async throws -> Int64 {
        var applied: [Int64: String] = [:]
        let rows = try await connection.query("SELECT version, checksum FROM schema_migrations WHERE component = \(component)", logger: logger)
        for try await (version, checksum) in rows.decode((Int64, String).self) { applied[version] = checksum }
        var latest = applied.keys.max() ?? 0
        for migration in migrations {
            if let checksum = applied[migration.version] {
                guard checksum == migration.checksum else {
                    throw MigrationError(
                        "migration \(component) \(migration.version) (\(migration.name)) changed after it was applied to schema \(schema)")
                }
                continue
            }
            logger.info(
                "applying migration",
                metadata: ["schema": "\(schema)", "component": "\(component)", "version": "\(migration.version)", "name": "\(migration.name)"])
            let logger = self.logger
            try await connection.transaction(logger: logger) { transaction in
                for statement in SQLScript.statements(migration.sql) {
                    try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await transaction.query(
                    """
                    INSERT INTO schema_migrations (component, version, name, checksum)
                    VALUES (\(component), \(migration.version), \(migration.name), \(migration.checksum))
                    """, logger: logger)
            }
            latest = max(latest, migration.version)
        }
        return latest
    }

    /// The highest applied version of the service's own migrations (for /readyz).
    public static func currentVersion(client: PostgresClient, logger: Logger) async throws -> Int64 {
        let rows = try await client.query("SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component = 'service'", logger: logger)
        for try await version in rows.decode(Int64.self) { return version }
        return 0
    }
}
