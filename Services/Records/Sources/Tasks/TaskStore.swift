import Foundation
import Logging
import PostgresNIO

/// Loads task rows; the one loader of `tasks` every feature uses (entry and submission lock through it).
enum TaskStore {
    /// The task row locked for the rest of the transaction (SELECT … FOR UPDATE), nil when there is none: a change
    /// that reads and then writes a task takes this first, so two changes of one task run one after the other.
    static func lock(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> TaskRow? {
        let rows = try await connection.query("SELECT \(unescaped: TaskRow.columns) FROM tasks t WHERE t.id = \(id) FOR UPDATE", logger: logger)
        for try await row in rows { return try TaskRow.row(row.makeRandomAccess()) }
        return nil
    }

    /// The task row without a lock.
    static func row(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> TaskRow? {
        let rows = try await connection.query("SELECT \(unescaped: TaskRow.columns) FROM tasks t WHERE t.id = \(id)", logger: logger)
        for try await row in rows { return try TaskRow.row(row.makeRandomAccess()) }
        return nil
    }
}
