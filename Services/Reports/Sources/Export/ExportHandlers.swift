import Auth
import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit

/// ExportStatistics (§4.2.5.5, §4.3.13.5): reports.export (报表导出), checked here.
///
/// Why the service writes the file and the gateway only relays chunks: the permission and the query belong to the
/// service, and the RPC is request/response, so a file streamed over several calls needs a place that any instance
/// can read the next chunk from — the spool table — while the gateway, like for certificates' PDFs, asks for the next
/// chunk only when the HTTP client wants it. The gateway holds a chunk; the service holds a chunk; nobody the file.
struct ExportHandlers: Sendable {
    let store: StatisticsStore
    let spool: ExportSpool

    static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func register(on router: inout ServiceRouter) {
        router.query(ReportsMethods.exportStatistics, access: .permission(.reportsExport), exportStatistics)
    }

    func exportStatistics(
        _ request: Metrology_Reports_V1_ExportStatisticsRequest, _ context: CallContext
    ) async throws
        -> Metrology_Reports_V1_ExportChunk
    {
        let principal = try context.caller()
        guard (0...Int32(ExportLimits.chunkSize)).contains(request.length) else {
            throw ReportsErrors.invalid("length", "每次读取不能超过 1 MiB", "REPORTS_EXPORT_LENGTH_INVALID")
        }
        let length = request.length == 0 ? ExportLimits.chunkSize : Int(request.length)
        if !request.exportID.isEmpty {
            guard let id = UUID(uuidString: request.exportID) else { throw ReportsErrors.exportNotFound }
            return try await spool.read(id: id, owner: principal.userID, offset: request.offset, length: length, logger: context.logger)
        }
        let catalog = try await store.catalog(logger: context.logger)
        let scope = ReaderScope(principal)
        let plan = try StatisticsQueryBuilder(catalog: catalog, scope: scope).plan(request.query, limit: ExportLimits.maxRows)
        // Counted first: a query too large is refused before anything is written.
        for try await total in try await store.database.query(plan.count, logger: context.logger).decode(Int64.self)
        where total > Int64(ExportLimits.maxRows) {
            throw ReportsErrors.exportTooLarge
        }
        // The enum fields' titles for the cells (the options of the plan's columns come from the catalogue).
        let titled = StatisticsPlan(
            columns: try await withOptions(plan.columns, scope: scope, logger: context.logger), grouped: plan.grouped, offset: plan.offset,
            pageSize: plan.pageSize, page: plan.page, count: plan.count)
        let written = try await spool.write(plan: titled, owner: principal.userID, filename: Self.filename(), logger: context.logger)
        return try await spool.read(id: written.id, owner: principal.userID, offset: 0, length: length, logger: context.logger)
    }

    private func withOptions(_ columns: [ReportFieldDefinition], scope: ReaderScope, logger: Logger) async throws -> [ReportFieldDefinition] {
        var result: [ReportFieldDefinition] = []
        for var field in columns {
            if field.optionsFromData != nil { field.options = try await store.options(of: field, scope: scope, logger: logger) }
            result.append(field)
        }
        return result
    }

    /// 统计报表-YYYYMMDD-HHMM.xlsx in China Standard Time.
    static func filename(now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDay.zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        return String(
            format: "统计报表-%04d%02d%02d-%02d%02d.xlsx", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
