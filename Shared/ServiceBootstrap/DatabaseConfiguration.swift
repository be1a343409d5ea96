/// How a service reaches PostgreSQL. Each service logs in as its own role, which owns its schema and can reach
/// no other; `search_path` is set to that schema at connect time, so SQL names its tables unqualified.
/// Plain settings, so the gateway reads them without linking PostgresNIO; ServiceKit makes the client from them
/// (`DatabaseConfiguration+client.swift`).
public struct DatabaseConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String
    public var schema: String
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1", port: Int = 5432, database: String = "metrology", user: String, password: String, schema: String,
        maxConnections: Int = 10
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.schema = schema
        self.maxConnections = maxConnections
    }
}
