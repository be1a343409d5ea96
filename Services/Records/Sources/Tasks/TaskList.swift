import Contracts
import Foundation
import Logging
import PostgresNIO

/// The SQL of task lists: the header rows of `TaskReader` (no record), newest first, paged by key
/// (created_at DESC, id DESC) with the filtered total.
enum TaskList {
    struct Query: Sendable {
        /// Only this tester's tasks.
        var tester: String?
        /// Not this tester's tasks (the review view: someone else's work).
        var notTester: String?
        /// Only these states (the view's), further narrowed by `state`.
        var states: [String]
        var state: String?
        var itemID: String?
        /// The review view: only these item codes (the caller is qualified to review them); nil for no limit.
        var itemCodes: [String]?
        var typeCode: String?
        var customerID: UUID?
        /// YYYY-MM-DD bounds on the creation day (Asia/Shanghai), inclusive.
        var from: String?
        var to: String?
        var limit: Int
        var after: (createdAt: String, id: UUID)?
    }

    static func page(
        _ query: Query, on connection: PostgresConnection, logger: Logger
    ) async throws -> (tasks: [Metrology_Records_V1_Task], keys: [String], total: Int64) {
        let afterAt = query.after?.createdAt
        let afterID = query.after?.id
        let codes = query.itemCodes ?? []
        let limitCodes = query.itemCodes != nil
        let rows = try await connection.query(
            """
            \(unescaped: TaskReader.header)
            WHERE (\(query.tester)::text IS NULL OR t.tester_id = \(query.tester))
              AND (\(query.notTester)::text IS NULL OR t.tester_id <> \(query.notTester))
              AND t.state = ANY(\(query.states))
              AND (\(query.state)::text IS NULL OR t.state = \(query.state))
              AND (\(query.itemID)::text IS NULL OR t.item_id = \(query.itemID))
              AND (NOT \(limitCodes) OR t.item_code = ANY(\(codes)))
              AND (\(query.typeCode)::text IS NULL OR t.type_code = \(query.typeCode))
              AND (\(query.customerID)::uuid IS NULL OR t.customer_id = \(query.customerID)::uuid)
              AND (\(query.from)::date IS NULL OR (t.created_at AT TIME ZONE 'Asia/Shanghai')::date >= \(query.from)::date)
              AND (\(query.to)::date IS NULL OR (t.created_at AT TIME ZONE 'Asia/Shanghai')::date <= \(query.to)::date)
              AND (\(afterAt)::timestamptz IS NULL OR (t.created_at, t.id) < (\(afterAt)::timestamptz, \(afterID)::uuid))
            ORDER BY t.created_at DESC, t.id DESC LIMIT \(query.limit)
            """, logger: logger)
        var tasks: [Metrology_Records_V1_Task] = []
        var keys: [String] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            tasks.append(try TaskReader.message(r))
            keys.append(try r["created_key"].decode(String.self))
        }
        var total: Int64 = 0
        let count = try await connection.query(
            """
            SELECT count(*) FROM tasks t
            WHERE (\(query.tester)::text IS NULL OR t.tester_id = \(query.tester))
              AND (\(query.notTester)::text IS NULL OR t.tester_id <> \(query.notTester))
              AND t.state = ANY(\(query.states))
              AND (\(query.state)::text IS NULL OR t.state = \(query.state))
              AND (\(query.itemID)::text IS NULL OR t.item_id = \(query.itemID))
              AND (NOT \(limitCodes) OR t.item_code = ANY(\(codes)))
              AND (\(query.typeCode)::text IS NULL OR t.type_code = \(query.typeCode))
              AND (\(query.customerID)::uuid IS NULL OR t.customer_id = \(query.customerID)::uuid)
              AND (\(query.from)::date IS NULL OR (t.created_at AT TIME ZONE 'Asia/Shanghai')::date >= \(query.from)::date)
              AND (\(query.to)::date IS NULL OR (t.created_at AT TIME ZONE 'Asia/Shanghai')::date <= \(query.to)::date)
            """, logger: logger)
        for try await value in count.decode(Int64.self) { total = value }
        return (tasks, keys, total)
    }

    /// The item codes of submitted tasks that are not `tester`'s (the candidates of the review view).
    static func submittedItemCodes(notTester tester: String, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let rows = try await connection.query(
            "SELECT DISTINCT item_code FROM tasks WHERE state = 'submitted' AND tester_id <> \(tester) ORDER BY item_code LIMIT 500", logger: logger)
        var codes: [String] = []
        for try await code in rows.decode(String.self) { codes.append(code) }
        return codes
    }
}
