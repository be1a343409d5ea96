import Contracts
import Foundation
import Logging
import Persistence
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

        /// The conditions of every field that is set (none for one that is not, so the planner sees only real ones).
        var filter: SQLConditions {
            var filter = SQLConditions()
            filter.require("t.state = ANY(\(filter.bind(states)))")
            if let tester { filter.require("t.tester_id = \(filter.bind(tester))") }
            if let notTester { filter.require("t.tester_id <> \(filter.bind(notTester))") }
            if let state { filter.require("t.state = \(filter.bind(state))") }
            if let itemID { filter.require("t.item_id = \(filter.bind(itemID))") }
            if let itemCodes { filter.require("t.item_code = ANY(\(filter.bind(itemCodes)))") }
            if let typeCode { filter.require("t.type_code = \(filter.bind(typeCode))") }
            if let customerID { filter.require("t.customer_id = \(filter.bind(customerID))") }
            if let from { filter.require("(t.created_at AT TIME ZONE 'Asia/Shanghai')::date >= \(filter.bind(from))::date") }
            if let to { filter.require("(t.created_at AT TIME ZONE 'Asia/Shanghai')::date <= \(filter.bind(to))::date") }
            return filter
        }
    }

    static func page(
        _ query: Query, on connection: PostgresConnection, logger: Logger
    ) async throws -> (tasks: [Metrology_Records_V1_Task], keys: [String], total: Int64) {
        // One filter for the page and its total; the page adds only the key condition, the total counts them all.
        var page = query.filter
        if let after = query.after {
            page.require("(t.created_at, t.id) < (\(page.bind(after.createdAt))::timestamptz, \(page.bind(after.id)))")
        }
        let rows = try await connection.query(
            page.query("\(TaskReader.header) WHERE ", then: " ORDER BY t.created_at DESC, t.id DESC LIMIT \(query.limit)"), logger: logger)
        var tasks: [Metrology_Records_V1_Task] = []
        var keys: [String] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            tasks.append(try TaskReader.message(r))
            keys.append(try r["created_key"].decode(String.self))
        }
        var total: Int64 = 0
        for try await value in try await connection.query(query.filter.query("SELECT count(*) FROM tasks t WHERE "), logger: logger).decode(
            Int64.self)
        {
            total = value
        }
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
