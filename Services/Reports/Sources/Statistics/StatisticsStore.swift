import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO
import RPCCore

/// Runs statistics plans and reads the catalogue's dynamic parts from the read model.
struct StatisticsStore: Sendable {
    let database: PostgresClient

    /// The catalogue with the data items seen so far.
    func catalog(logger: Logger) async throws -> ReportFieldCatalog {
        let rows = try await database.query("SELECT code, numeric, item_codes FROM data_fields ORDER BY code", logger: logger)
        var items: [ReportFieldDefinition] = []
        for try await (code, numeric, itemCodes) in rows.decode((String, Bool, [String]).self) {
            items.append(.dataItem(code: code, numeric: numeric, itemCodes: itemCodes))
        }
        return ReportFieldCatalog(dataItems: items)
    }

    /// The options of an enum field read from the table: its distinct values (at most 200) with their titles, among
    /// the rows `scope` admits (a supervisor's list names no customer of another region).
    func options(of field: ReportFieldDefinition, scope: ReaderScope, logger: Logger) async throws -> [(value: String, title: String)] {
        guard let source = field.optionsFromData else { return field.options }
        // Column names from the catalogue (never from a request).
        var sql = SQLText()
        sql.append("SELECT \(source.value), max(\(source.title)) FROM results WHERE \(source.value) <> ''")
        if scope != .everything { sql.append(" AND \(scope.condition(&sql))") }
        sql.append(" GROUP BY \(source.value) ORDER BY 2, 1 LIMIT 200")
        let rows = try await database.query(sql.query, logger: logger)
        var options: [(value: String, title: String)] = []
        for try await (value, title) in rows.decode((String, String).self) { options.append((value, title.isEmpty ? value : title)) }
        return options
    }

    func page(_ plan: StatisticsPlan, logger: Logger) async throws -> Metrology_Reports_V1_StatisticsPage {
        var page = Metrology_Reports_V1_StatisticsPage()
        page.grouped = plan.grouped
        page.columns = plan.columns.map { Self.message($0, options: $0.options) }
        // The statement timeout bounds what one request may cost the database: without it PostgreSQL would keep
        // running a query the caller has long given up on.
        let (rows, total) = try await Self.bounded(logger: logger) {
            try await database.transaction(logger: logger) { connection in
                try await connection.query("SET LOCAL statement_timeout = '15s'", logger: logger)
                var rows: [Metrology_Reports_V1_StatisticsRow] = []
                for try await row in try await connection.query(plan.page, logger: logger) { rows.append(try Self.row(row, plan: plan)) }
                var total: Int64 = 0
                for try await count in try await connection.query(plan.count, logger: logger).decode(Int64.self) { total = count }
                return (rows, total)
            }
        }
        page.rows = rows
        page.total = total
        let next = plan.offset + plan.pageSize
        if Int64(next) < page.total { page.nextCursor = StatisticsQueryBuilder.cursor(offset: next) }
        return page
    }

    /// A statement the timeout cancelled (SQLSTATE 57014) becomes a refusal the reader can act on.
    static func bounded<Result>(logger: Logger, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "57014" {
            throw RPCError(
                code: .deadlineExceeded, message: "查询超过 15 秒未完成，请增加筛选条件（如检定项目、日期范围）后重试", reason: "REPORTS_QUERY_TOO_SLOW")
        }
    }

    /// One result row as StatisticsRow; the layout is the plan's (see `StatisticsPlan.page`).
    static func row(_ row: PostgresRow, plan: StatisticsPlan) throws -> Metrology_Reports_V1_StatisticsRow {
        let cells = row.makeRandomAccess()
        var result = Metrology_Reports_V1_StatisticsRow()
        if plan.grouped {
            let k = plan.columns.count
            for index in 0..<k { result.values.append(try cells[index].decode(String.self)) }
            result.count = try cells[k].decode(Int64.self)
            result.passed = try cells[k + 1].decode(Int64.self)
            result.failed = try cells[k + 2].decode(Int64.self)
            let judged = result.passed + result.failed
            result.passRate = judged == 0 ? 0 : Double(result.passed) / Double(judged)
        } else {
            result.taskID = try cells[0].decode(String.self)
            result.certificateNumber = try cells[1].decode(String.self)
            result.certificateFileSha256 = try cells[2].decode(String.self)
            for index in 0..<plan.columns.count { result.values.append(try cells[index + 3].decode(String.self)) }
        }
        return result
    }

    static func message(_ field: ReportFieldDefinition, options: [(value: String, title: String)]) -> Metrology_Reports_V1_ReportField {
        var message = Metrology_Reports_V1_ReportField()
        message.code = field.code
        message.title = field.title
        message.type = field.kind.rawValue
        message.group = field.group
        message.options = options.map { option in
            var value = Metrology_Reports_V1_FieldOption()
            value.value = option.value
            value.title = option.title
            return value
        }
        return message
    }
}
