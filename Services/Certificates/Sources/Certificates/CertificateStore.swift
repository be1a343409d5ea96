import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO

/// The SQL of certificates.
enum CertificateStore {
    struct New: Sendable {
        var id: UUID
        var number: String
        var kind: CertificateKind
        var row: ApprovalRow
        var task: Metrology_Records_V1_Task
        var approverID: String
        var approverName: String
        var receipt: String
        var receiptID: String
        var approvedAt: Date
        var checkCode: String
        /// The voided certificate this one re-issues.
        var replaces: UUID? = nil
    }

    static func insert(_ new: New, inputs: [String: String], on connection: PostgresConnection, logger: Logger) async throws {
        let row = new.row
        let validUntil = new.kind == .certificate ? ValidityPeriod.end(testDate: new.task.testDate, months: Int(new.task.instrument.cycleMonths)) : ""
        try await connection.query(
            """
            INSERT INTO certificates (id, number, kind, task_id, round, raw_record_number, item_id, item_code, item_name, type_code, type_title,
                customer_name, instrument_name, instrument_model, instrument_serial, instrument_manufacturer, conclusion, test_date, valid_until, tester_name,
                reviewer_name, approver_id, approver_name, approval_receipt, approval_receipt_id, approved_at, check_code, replaces_id)
            VALUES (\(new.id), \(new.number), \(new.kind.rawValue), \(row.taskID), \(Int32(row.round)), \(row.rawRecordNumber), \(row.itemID),
                \(row.itemCode), \(row.itemName), \(row.typeCode), \(row.typeTitle), \(row.customerName), \(row.instrumentName),
                \(row.instrumentModel), \(row.instrumentSerial), \(new.task.instrument.manufacturer), \(row.conclusion), \(new.task.testDate), \(validUntil), \(row.testerName),
                \(row.reviewerName), \(new.approverID), \(new.approverName), \(new.receipt), \(new.receiptID), \(new.approvedAt), \(new.checkCode),
                \(new.replaces))
            """, logger: logger)
        try await addInputs(new.id, inputs, on: connection, logger: logger)
    }

    /// Records several of a certificate's stored files by role in one statement; a role already recorded keeps its file.
    static func addInputs(_ id: UUID, _ inputs: [String: String], on connection: PostgresConnection, logger: Logger) async throws {
        guard !inputs.isEmpty else { return }
        let sorted = inputs.sorted { $0.key < $1.key }
        try await connection.query(
            """
            INSERT INTO certificate_inputs (certificate_id, role, sha256)
            SELECT \(id), * FROM unnest(\(sorted.map(\.key))::text[], \(sorted.map(\.value))::text[]) ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    static func receiptUsed(_ receiptID: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        for try await _ in try await connection.query("SELECT 1 FROM certificates WHERE approval_receipt_id = \(receiptID)", logger: logger) {
            return true
        }
        return false
    }

    static func row(_ id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> CertificateRow? {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: CertificateRow.select + " WHERE c.id = $1" + (lock ? " FOR UPDATE OF c" : ""), binds: binds(id)), logger: logger)
        for try await row in rows { return try CertificateRow(row) }
        return nil
    }

    static func row(number: String, on connection: PostgresConnection, logger: Logger) async throws -> CertificateRow? {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: CertificateRow.select + " WHERE c.number = $1", binds: binds(number)), logger: logger)
        for try await row in rows { return try CertificateRow(row) }
        return nil
    }

    /// The inputs stored at approval, by role.
    static func inputs(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var inputs: [String: String] = [:]
        for try await (role, sha) in try await connection.query(
            "SELECT role, sha256 FROM certificate_inputs WHERE certificate_id = \(id)", logger: logger
        ).decode((String, String).self) {
            inputs[role] = sha
        }
        return inputs
    }

    /// The issue process's end: the sealed PDF (and the raw record's) are stored. Only an issuing certificate
    /// changes, so a step run twice records once.
    static func markIssued(
        _ id: UUID, pdf: String, rawRecord: String?, at: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE certificates SET state = 'issued', pdf_sha256 = \(pdf), raw_record_sha256 = \(rawRecord), issued_at = \(at), failure = ''
            WHERE id = \(id) AND state = 'issuing' RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    static func markVoided(
        _ id: UUID, reason: String, by: String, name: String, at: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE certificates SET state = 'voided', void_reason = \(reason), voided_by = \(by), voided_by_name = \(name), voided_at = \(at)
            WHERE id = \(id)
            """, logger: logger)
    }

    static func markReplaced(_ id: UUID, by replacement: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE certificates SET replaced_by_id = \(replacement) WHERE id = \(id)", logger: logger)
    }

    /// The void process's end: the copy with the 作废 watermark. Returns false when it was stored already.
    static func setVoidedPDF(_ id: UUID, sha256: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE certificates SET voided_pdf_sha256 = \(sha256) WHERE id = \(id) AND voided_pdf_sha256 IS NULL RETURNING id", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    struct Query: Sendable {
        var text: String?
        var itemID: String?
        var typeCode: String?
        var state: String?
        var kind: String?
        var issuedFrom: String?
        var issuedTo: String?
        var conclusion: String?
        var sort: CertificateSort = .issued
        var descending = true
        var limit: Int
        var after: (key: String, id: UUID)?

        var filter: SQLConditions {
            var filter = SQLConditions()
            if let text {
                let pattern =
                    "%"
                    + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                let p = filter.bind(pattern)
                filter.require(
                    "c.number ILIKE \(p) OR c.customer_name ILIKE \(p) OR c.instrument_name ILIKE \(p) OR c.instrument_serial ILIKE \(p) OR c.raw_record_number ILIKE \(p)"
                )
            }
            if let itemID { filter.require("c.item_id = \(filter.bind(itemID))") }
            if let typeCode { filter.require("c.type_code = \(filter.bind(typeCode))") }
            if let state { filter.require("c.state = \(filter.bind(state))") }
            if let kind { filter.require("c.kind = \(filter.bind(kind))") }
            if let conclusion { filter.require("c.conclusion = \(filter.bind(conclusion))") }
            if let issuedFrom { filter.require("(c.approved_at AT TIME ZONE 'Asia/Shanghai')::date >= \(filter.bind(issuedFrom))::date") }
            if let issuedTo { filter.require("(c.approved_at AT TIME ZONE 'Asia/Shanghai')::date <= \(filter.bind(issuedTo))::date") }
            return filter
        }
    }

    /// In the asked order, paged by (sort key, id). The page's rows are chosen first, on the certificates alone and in
    /// an order an index can serve, and only they are joined with their files: ordering every match by a computed
    /// text and joining each with three files before the LIMIT cost 19 ms a call at 1 000 certificates (found with
    /// pg_stat_statements during the certificates benchmark) and grew with the table.
    static func page(
        _ query: Query, on connection: PostgresConnection, logger: Logger
    ) async throws -> (rows: [CertificateRow], keys: [String], total: Int64) {
        var page = query.filter
        let key = query.sort.keyExpression
        let order = query.sort.orderExpression
        let direction = query.descending ? "DESC" : "ASC"
        if let after = query.after {
            page.require(
                "(\(order), c.id) \(query.descending ? "<" : ">") (\(query.sort.cursorValue(page.bind(after.key))), \(page.bind(after.id)))")
        }
        let ordered = " ORDER BY \(order) \(direction), c.id \(direction)"
        let select = CertificateRow.select.replacingOccurrences(of: "AS created_key", with: "AS created_key, \(key) AS sort_key")
            .replacingOccurrences(of: "FROM certificates c\n", with: "FROM page c\n")
        let rows = try await connection.query(
            page.query("WITH page AS (SELECT c.* FROM certificates c WHERE ", then: ordered + " LIMIT \(query.limit)) " + select + ordered),
            logger: logger)
        var result: [CertificateRow] = []
        var keys: [String] = []
        for try await row in rows {
            result.append(try CertificateRow(row))
            keys.append(try row.makeRandomAccess()["sort_key"].decode(String.self))
        }
        var total: Int64 = 0
        for try await value in try await connection.query(query.filter.query("SELECT count(*) FROM certificates c WHERE "), logger: logger).decode(
            Int64.self)
        {
            total = value
        }
        return (result, keys, total)
    }

    private static func binds(_ value: some PostgresNonThrowingEncodable & Sendable) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}

/// 有效期至: the test day plus the verification cycle, less one day (a 12-month cycle from 2026-03-15 runs to
/// 2027-03-14), in the lab's calendar.
enum ValidityPeriod {
    static func end(testDate: String, months: Int) -> String {
        shifted(testDate, months: months, days: -1)
    }

    /// 下次检定日期: the day after the period ends.
    static func nextDue(testDate: String, months: Int) -> String {
        shifted(testDate, months: months, days: 0)
    }

    private static func shifted(_ testDate: String, months: Int, days: Int) -> String {
        guard months > 0 else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = testDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let plus = calendar.date(byAdding: .month, value: months, to: start), let end = calendar.date(byAdding: .day, value: days, to: plus)
        else { return "" }
        let c = calendar.dateComponents([.year, .month, .day], from: end)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

/// The orders of the certificate query (§4.3.12.5): a text key each, so one cursor type serves them all; the issue
/// order uses the creation time as ISO text with microseconds, which sorts as the instant does.
enum CertificateSort: String, Sendable, CaseIterable {
    case issued, number, customer, item

    var keyExpression: String {
        switch self {
        case .issued: "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        case .number: "c.number"
        case .customer: "c.customer_name"
        case .item: "c.item_name"
        }
    }

    /// What the rows are ordered by: the key's own order, as a column an index can serve.
    var orderExpression: String { self == .issued ? "c.created_at" : keyExpression }

    /// A bound cursor key as a value comparable with `orderExpression`.
    func cursorValue(_ placeholder: String) -> String { self == .issued ? "(\(placeholder)::timestamp AT TIME ZONE 'UTC')" : placeholder }

    /// Whether a cursor's key is one this order writes (the issue order's is an instant, checked before it reaches
    /// the database: a cursor is the client's to send back, and a forged one gets PAGE_CURSOR_INVALID).
    func isValidKey(_ key: String) -> Bool {
        guard self == .issued else { return true }
        guard key.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}/) != nil else { return false }
        let n = key.split(whereSeparator: { "-T:.".contains($0) }).compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = DateComponents(year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5])
        // A real instant: the calendar rolls 02-30 over to March, so the parts must come back as they went in.
        guard n[0] >= 1, let date = calendar.date(from: parts) else { return false }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return [back.year, back.month, back.day, back.hour, back.minute, back.second] == [n[0], n[1], n[2], n[3], n[4], n[5]]
    }
}
