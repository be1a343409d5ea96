import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs on `connection` when the caller is inside a transaction, else on the pool.
    func query(_ query: PostgresQuery, on connection: PostgresConnection?, logger: Logger) async throws -> PostgresRowSequence {
        if let connection { return try await connection.query(query, logger: logger) }
        return try await self.query(query, logger: logger)
    }
}
