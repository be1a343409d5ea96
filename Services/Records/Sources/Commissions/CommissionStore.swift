import Contracts
import Foundation
import Logging
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// The SQL of commissions (委托单) and their lines (migration 0002). Lists page by key (created_at DESC, id DESC).
enum CommissionStore {
    static let columns = """
        c.id, c.number, c.customer_id, cu.name AS customer_name, c.source, to_char(c.requested_on, 'YYYY-MM-DD') AS requested_on, c.state,
        c.refusal_reason, c.note, c.created_at, c.created_by, c.decided_at, c.decided_by, c.decided_by_name,
        to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
        """

    // MARK: Reading

    /// The commission with its lines; `lock` takes the commission's row lock for a change.
    static func commission(
        _ id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> Metrology_Records_V1_Commission? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM commissions c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = \(id)
            \(unescaped: lock ? "FOR UPDATE OF c" : "")
            """, logger: logger)
        var found: Metrology_Records_V1_Commission?
        for try await row in rows { found = try message(row.makeRandomAccess()).commission }
        guard var commission = found else { return nil }
        commission.lines = try await lines(of: [id], on: connection, logger: logger)[id] ?? []
        return commission
    }

    struct Query: Sendable {
        var customerID: UUID?
        var state: String?
        var source: String?
        var from: String?
        var to: String?
        var limit: Int
        /// The last row of the previous page: its created_at (text, microseconds) and id.
        var after: (createdAt: String, id: UUID)?
    }

    /// A page of commissions (newest first) with lines, the key of its last row, and the filtered total.
    static func list(
        _ query: Query, on connection: PostgresConnection, logger: Logger
    ) async throws -> (commissions: [Metrology_Records_V1_Commission], keys: [String], total: Int64) {
        let afterAt = query.after?.createdAt
        let afterID = query.after?.id
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM commissions c JOIN customers cu ON cu.id = c.customer_id
            WHERE (\(query.customerID)::uuid IS NULL OR c.customer_id = \(query.customerID)::uuid)
              AND (\(query.state)::text IS NULL OR c.state = \(query.state))
              AND (\(query.source)::text IS NULL OR c.source = \(query.source))
              AND (\(query.from)::date IS NULL OR c.requested_on >= \(query.from)::date)
              AND (\(query.to)::date IS NULL OR c.requested_on <= \(query.to)::date)
              AND (\(afterAt)::timestamptz IS NULL OR (c.created_at, c.id) < (\(afterAt)::timestamptz, \(afterID)::uuid))
            ORDER BY c.created_at DESC, c.id DESC LIMIT \(query.limit)
            """, logger: logger)
        var commissions: [Metrology_Records_V1_Commission] = []
        var keys: [String] = []
        for try await row in rows {
            let (commission, key) = try message(row.makeRandomAccess())
            commissions.append(commission)
            keys.append(key)
        }
        if !commissions.isEmpty {
            let ids = commissions.compactMap { UUID(uuidString: $0.id) }
            let lines = try await lines(of: ids, on: connection, logger: logger)
            for index in commissions.indices { commissions[index].lines = lines[UUID(uuidString: commissions[index].id)!] ?? [] }
        }
        var total: Int64 = 0
        let count = try await connection.query(
            """
            SELECT count(*) FROM commissions c
            WHERE (\(query.customerID)::uuid IS NULL OR c.customer_id = \(query.customerID)::uuid)
              AND (\(query.state)::text IS NULL OR c.state = \(query.state))
              AND (\(query.source)::text IS NULL OR c.source = \(query.source))
              AND (\(query.from)::date IS NULL OR c.requested_on >= \(query.from)::date)
              AND (\(query.to)::date IS NULL OR c.requested_on <= \(query.to)::date)
            """, logger: logger)
        for try await value in count.decode(Int64.self) { total = value }
        return (commissions, keys, total)
    }

    static func lines(of ids: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [UUID: [Metrology_Records_V1_CommissionLine]]
    {
        let rows = try await connection.query(
            """
            SELECT commission_id, id, instrument_id, instrument_name, instrument_model, instrument_serial_number, item_id, item_code, item_name,
                   type_code, type_title, task_id, tester_id
            FROM commission_lines WHERE commission_id = ANY(\(ids)) ORDER BY commission_id, position
            """, logger: logger)
        var result: [UUID: [Metrology_Records_V1_CommissionLine]] = [:]
        for try await (commission, id, instrument, name, model, serial, itemID, itemCode, itemName, typeCode, typeTitle, task, tester) in rows.decode(
            (UUID, UUID, UUID, String, String, String, String, String, String, String, String, UUID?, String).self)
        {
            var line = Metrology_Records_V1_CommissionLine()
            line.id = id.uuidString.lowercased()
            line.instrumentID = instrument.uuidString.lowercased()
            line.instrumentName = name
            line.instrumentModel = model
            line.instrumentSerialNumber = serial
            line.itemID = itemID
            line.itemCode = itemCode
            line.itemName = itemName
            line.typeCode = typeCode
            line.typeTitle = typeTitle
            line.taskID = task?.uuidString.lowercased() ?? ""
            line.testerID = tester
            result[commission, default: []].append(line)
        }
        return result
    }

    private static func message(_ r: PostgresRandomAccessRow) throws -> (commission: Metrology_Records_V1_Commission, key: String) {
        var commission = Metrology_Records_V1_Commission()
        commission.id = try r["id"].decode(UUID.self).uuidString.lowercased()
        commission.number = try r["number"].decode(String.self)
        commission.customerID = try r["customer_id"].decode(UUID.self).uuidString.lowercased()
        commission.customerName = try r["customer_name"].decode(String.self)
        commission.source = try r["source"].decode(String.self)
        commission.requestedOn = try r["requested_on"].decode(String.self)
        commission.state = try r["state"].decode(String.self)
        commission.refusalReason = try r["refusal_reason"].decode(String.self)
        commission.note = try r["note"].decode(String.self)
        commission.createdAt = Google_Protobuf_Timestamp(date: try r["created_at"].decode(Date.self))
        commission.createdBy = try r["created_by"].decode(String.self)
        if let decided = try r["decided_at"].decode(Date?.self) { commission.decidedAt = Google_Protobuf_Timestamp(date: decided) }
        commission.decidedBy = try r["decided_by"].decode(String.self)
        commission.decidedByName = try r["decided_by_name"].decode(String.self)
        return (commission, try r["created_key"].decode(String.self))
    }

    // MARK: Writing

    /// The next commission number of `day` (WTyyyymmdd-nnnn), taken under the day's counter row lock: a rolled-back
    /// creation gives its number back, so the day's numbers have no gap.
    static func nextNumber(on day: CalendarDay, on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query(
            """
            INSERT INTO commission_counters (day, last) VALUES (\(day.description)::date, 1)
            ON CONFLICT (day) DO UPDATE SET last = commission_counters.last + 1 RETURNING last
            """, logger: logger)
        var last = 0
        for try await value in rows.decode(Int.self) { last = value }
        return String(format: "WT%04d%02d%02d-%04d", day.year, day.month, day.day, last)
    }

    struct NewLine: Sendable {
        let id: UUID
        let instrument: InstrumentSnapshot
        let itemID: String
        let typeCode: String
    }

    /// An instrument's identifying fields as the line copies them.
    struct InstrumentSnapshot: Sendable {
        let id: UUID
        let customerID: UUID
        let name: String
        let model: String
        let serialNumber: String
        let status: String
    }

    static func instruments(_ ids: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [UUID: InstrumentSnapshot] {
        let rows = try await connection.query(
            "SELECT id, customer_id, name, model, serial_number, status FROM instruments WHERE id = ANY(\(ids))", logger: logger)
        var found: [UUID: InstrumentSnapshot] = [:]
        for try await (id, customer, name, model, serial, status) in rows.decode((UUID, UUID, String, String, String, String).self) {
            found[id] = InstrumentSnapshot(id: id, customerID: customer, name: name, model: model, serialNumber: serial, status: status)
        }
        return found
    }

    static func customerExists(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT EXISTS (SELECT 1 FROM customers WHERE id = \(id))", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    static func insert(
        id: UUID, number: String, customerID: UUID, source: String, requestedOn: String, note: String, lines: [NewLine], createdBy: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO commissions (id, number, customer_id, source, requested_on, note, created_by)
            VALUES (\(id), \(number), \(customerID), \(source), \(requestedOn)::date, \(note), \(createdBy))
            """, logger: logger)
        for (position, line) in lines.enumerated() {
            try await connection.query(
                """
                INSERT INTO commission_lines (id, commission_id, position, instrument_id, instrument_name, instrument_model,
                                              instrument_serial_number, item_id, type_code)
                VALUES (\(line.id), \(id), \(position + 1), \(line.instrument.id), \(line.instrument.name), \(line.instrument.model),
                        \(line.instrument.serialNumber), \(line.itemID), \(line.typeCode))
                """, logger: logger)
        }
    }

    static func refuse(_ id: UUID, reason: String, by: String, name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE commissions SET state = 'refused', refusal_reason = \(reason), decided_at = now(), decided_by = \(by), decided_by_name = \(name)
            WHERE id = \(id)
            """, logger: logger)
    }
}
