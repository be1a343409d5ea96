import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO
import SwiftProtobuf

/// The SQL of the approval queue.
enum ApprovalStore {
    /// A reviewed record enters the queue; a record returned by an approver and reviewed again comes back as the next
    /// round (pending again). A record already pending or approved keeps its row: the event is a redelivery.
    /// Returns false when nothing changed.
    static func receive(_ event: Metrology_Records_V1_TaskRecorded, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let task = event.task
        guard let id = UUID(uuidString: task.id) else { return false }
        let reviewer = task.signatures.last { $0.meaning == "review" }
        let reviewedAt = task.hasReviewedAt ? task.reviewedAt.date : Date()
        let bytes: [UInt8] = try event.serializedBytes()
        let recorded = Data(bytes)
        let rows = try await connection.query(
            """
            INSERT INTO approvals (task_id, raw_record_number, item_id, item_code, item_name, type_code, type_title, customer_name,
                instrument_name, instrument_model, instrument_serial, conclusion, tester_id, tester_name, reviewer_id, reviewer_name, digest,
                reviewed_at, recorded)
            VALUES (\(id), \(task.rawRecordNumber), \(task.itemID), \(task.itemCode), \(task.itemName), \(task.typeCode), \(task.typeTitle),
                \(task.customerName), \(task.instrument.name), \(task.instrument.model), \(task.instrument.serialNumber), \(task.conclusion),
                \(task.testerID), \(task.testerName), \(reviewer?.signerID ?? task.reviewerID), \(reviewer?.signerName ?? task.reviewerName),
                \(task.submittedDigest), \(reviewedAt), \(recorded))
            ON CONFLICT (task_id) DO UPDATE SET
                state = 'pending', round = approvals.round + 1, raw_record_number = EXCLUDED.raw_record_number,
                customer_name = EXCLUDED.customer_name, instrument_name = EXCLUDED.instrument_name,
                instrument_model = EXCLUDED.instrument_model, instrument_serial = EXCLUDED.instrument_serial,
                conclusion = EXCLUDED.conclusion, tester_id = EXCLUDED.tester_id, tester_name = EXCLUDED.tester_name,
                reviewer_id = EXCLUDED.reviewer_id, reviewer_name = EXCLUDED.reviewer_name, digest = EXCLUDED.digest,
                reviewed_at = EXCLUDED.reviewed_at, recorded = EXCLUDED.recorded, approver_id = '', approver_name = '',
                decided_at = NULL, return_reason = '', received_at = now()
            WHERE approvals.state = 'returned'
            RETURNING task_id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    static func row(_ id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> ApprovalRow? {
        let rows = try await connection.query(
            "SELECT \(unescaped: ApprovalRow.columns) FROM approvals WHERE task_id = \(id)\(unescaped: lock ? " FOR UPDATE" : "")", logger: logger)
        for try await row in rows { return try ApprovalRow(row) }
        return nil
    }

    static func markApproved(
        _ id: UUID, approver: String, name: String, certificate: UUID, at: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE approvals SET state = 'approved', approver_id = \(approver), approver_name = \(name), decided_at = \(at),
                certificate_id = \(certificate)
            WHERE task_id = \(id)
            """, logger: logger)
    }

    static func markReturned(
        _ id: UUID, approver: String, name: String, reason: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE approvals SET state = 'returned', approver_id = \(approver), approver_name = \(name), decided_at = now(),
                return_reason = \(reason)
            WHERE task_id = \(id)
            """, logger: logger)
    }

    /// The queue: one sort key per order the seed names (§4.3.11.3), each with its index; keyset paging on
    /// (key, task_id).
    struct Query: Sendable {
        var states: [String]
        var itemID: String?
        var typeCode: String?
        var sort: ApprovalSort
        var descending: Bool
        var limit: Int
        var after: (key: String, id: UUID)?

        var filter: SQLConditions {
            var filter = SQLConditions()
            filter.require("state = ANY(\(filter.bind(states)))")
            if let itemID { filter.require("item_id = \(filter.bind(itemID))") }
            if let typeCode { filter.require("type_code = \(filter.bind(typeCode))") }
            return filter
        }
    }

    static func page(
        _ query: Query, on connection: PostgresConnection, logger: Logger
    ) async throws -> (rows: [ApprovalRow], keys: [String], total: Int64) {
        var page = query.filter
        let key = query.sort.keyExpression
        let direction = query.descending ? "DESC" : "ASC"
        if let after = query.after {
            let comparison = query.descending ? "<" : ">"
            page.require("(\(key), task_id) \(comparison) (\(page.bind(after.key)), \(page.bind(after.id)))")
        }
        let rows = try await connection.query(
            page.query(
                "SELECT \(ApprovalRow.columns), \(key) AS sort_key FROM approvals WHERE ",
                then: " ORDER BY \(key) \(direction), task_id \(direction) LIMIT \(query.limit)"), logger: logger)
        var result: [ApprovalRow] = []
        var keys: [String] = []
        for try await row in rows {
            result.append(try ApprovalRow(row))
            keys.append(try row.makeRandomAccess()["sort_key"].decode(String.self))
        }
        var total: Int64 = 0
        for try await value in try await connection.query(query.filter.query("SELECT count(*) FROM approvals WHERE "), logger: logger).decode(
            Int64.self)
        {
            total = value
        }
        return (result, keys, total)
    }
}

/// The orders of the approval queue (§4.3.11.3: 按名称、编号、时间、项目排序).
enum ApprovalSort: String, Sendable, CaseIterable {
    case time, name, number, item

    /// A text key, so one cursor type serves every order; the time key is ISO text with microseconds, which sorts
    /// as the instant does.
    var keyExpression: String {
        switch self {
        case .time: "to_char(reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        case .name: "instrument_name"
        case .number: "raw_record_number"
        case .item: "item_name"
        }
    }
}
