public import Logging
public import PostgresNIO

// `withTransaction`, but an error thrown by the body comes out as itself. PostgresNIO wraps it in
// `PostgresTransactionError`, which would turn a handler's `RPCError` into INTERNAL for the caller and hide a
// migration's SQL error from the code that decides whether to retry. The body runs marked as inside a transaction
// (`OpenTransaction`), so a call to another service from there is refused.

extension PostgresClient {
    public func transaction<Result>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation) { connection in
                try await OpenTransaction.marked { try await body(connection) }
            }
        } catch let error as PostgresTransactionError {
            throw error.unwrapped
        }
    }
}

extension PostgresConnection {
    public func transaction<Result>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation) { connection in
                try await OpenTransaction.marked { try await body(connection) }
            }
        } catch let error as PostgresTransactionError {
            throw error.unwrapped
        }
    }
}

extension PostgresTransactionError {
    /// The body's own error when the rollback went well; otherwise the whole story.
    var unwrapped: any Error {
        if let closureError, rollbackError == nil { return closureError }
        return self
    }
}
