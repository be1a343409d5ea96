public import Logging
public import PostgresNIO
public import ServiceBootstrap

extension DatabaseConfiguration {
    /// A pooled client; it reconnects by itself after the database restarts. Run it in the service group.
    public func makeClient(logger: Logger) -> PostgresClient {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.additionalStartupParameters = [("search_path", schema), ("application_name", "metrology-\(schema)")]
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(3)
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }
}
