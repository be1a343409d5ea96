import Contracts
import PostgresNIO
import ServiceKit

/// Data entry in the procedure's order: EnterValue, EnterOfflineBatch.
struct EntryHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
