import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Saved report definitions (SaveReport, ListReports, DeleteReport): each user's own, under reports.query. Saving
/// checks the definition against the catalogue (a definition that cannot run is refused now, not when loaded) and
/// replaces one of the same name; deleting one that is gone succeeds. Both are writes (run once per message id).
struct SavedReportHandlers: Sendable {
    let store: StatisticsStore
    static let maxPerUser = 200

    func register(on router: inout ServiceRouter) {
        router.write(ReportsMethods.saveReport, access: .permission(.reportsQuery), saveReport)
        router.query(ReportsMethods.listReports, access: .permission(.reportsQuery), listReports)
        router.write(ReportsMethods.deleteReport, access: .permission(.reportsQuery), deleteReport)
    }

    static let nameField = FieldText(field: "name", title: "报表名称", required: true, maxLength: 100, reasonPrefix: "REPORTS")

    func saveReport(
        _ request: Metrology_Reports_V1_SaveReportRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Reports_V1_SavedReport
    {
        let principal = try context.caller()
        let name = try Self.nameField.check(request.name)
        var definition = request.definition
        definition.pageSize = 0
        definition.cursor = ""
        let catalog = try await store.catalog(logger: context.logger)
        // Only checked here; a saved report runs through QueryStatistics or an export, under the runner's scope.
        _ = try StatisticsQueryBuilder(catalog: catalog, scope: ReaderScope(principal)).plan(definition)
        let bytes = try definition.serializedBytes() as [UInt8]
        let rows = try await connection.query(
            """
            INSERT INTO saved_reports (id, owner_id, name, definition) VALUES (\(UUID()), \(principal.userID), \(name), \(Data(bytes)))
            ON CONFLICT (owner_id, name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
            RETURNING id, name, definition, created_at, updated_at
            """, logger: context.logger)
        var saved: Metrology_Reports_V1_SavedReport?
        for try await row in rows.decode((UUID, String, Data, Date, Date).self) { saved = try Self.message(row) }
        let count = try await connection.query("SELECT count(*) FROM saved_reports WHERE owner_id = \(principal.userID)", logger: context.logger)
        for try await total in count.decode(Int64.self) where total > Int64(Self.maxPerUser) {
            throw ReportsErrors.tooMany("name", what: "每人保存的报表", limit: Self.maxPerUser)
        }
        guard let saved else { throw RPCError.internal }
        return saved
    }

    func listReports(
        _ request: Metrology_Reports_V1_ListReportsRequest, _ context: CallContext
    ) async throws -> Metrology_Reports_V1_ListReportsResponse {
        let principal = try context.caller()
        let rows = try await store.database.query(
            """
            SELECT id, name, definition, created_at, updated_at FROM saved_reports WHERE owner_id = \(principal.userID) ORDER BY name
            """, logger: context.logger)
        var response = Metrology_Reports_V1_ListReportsResponse()
        for try await row in rows.decode((UUID, String, Data, Date, Date).self) { response.reports.append(try Self.message(row)) }
        return response
    }

    func deleteReport(
        _ request: Metrology_Reports_V1_DeleteReportRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Reports_V1_DeleteReportResponse
    {
        let principal = try context.caller()
        guard let id = UUID(uuidString: request.reportID) else {
            throw ReportsErrors.invalid("reportId", "报表定义标识“\(request.reportID.prefix(64))”格式不正确", "REPORTS_ID_INVALID")
        }
        let rows = try await connection.query(
            "DELETE FROM saved_reports WHERE id = \(id) AND owner_id = \(principal.userID) RETURNING 1", logger: context.logger)
        var response = Metrology_Reports_V1_DeleteReportResponse()
        for try await _ in rows { response.deleted = true }
        return response
    }

    static func message(_ row: (UUID, String, Data, Date, Date)) throws -> Metrology_Reports_V1_SavedReport {
        var report = Metrology_Reports_V1_SavedReport()
        report.id = row.0.uuidString.lowercased()
        report.name = row.1
        report.definition = try Metrology_Reports_V1_StatisticsQuery(serializedBytes: row.2)
        report.createdAt = Google_Protobuf_Timestamp(date: row.3)
        report.updatedAt = Google_Protobuf_Timestamp(date: row.4)
        return report
    }
}
