import Auth
import Contracts
import PostgresNIO
import RPCCore
import ServiceKit

/// ListReportFields and QueryStatistics (§4.2.5.3, §4.2.5.4): reports.query (报表查询), checked here.
struct StatisticsHandlers: Sendable {
    let store: StatisticsStore

    func register(on router: inout ServiceRouter) {
        router.query(ReportsMethods.listReportFields, access: .permission(.reportsQuery), listReportFields)
        router.query(ReportsMethods.queryStatistics, access: .permission(.reportsQuery), queryStatistics)
    }

    func listReportFields(
        _ request: Metrology_Reports_V1_ListReportFieldsRequest, _ context: CallContext
    ) async throws
        -> Metrology_Reports_V1_ListReportFieldsResponse
    {
        let catalog = try await store.catalog(logger: context.logger)
        let scope = ReaderScope(try context.caller())
        var response = Metrology_Reports_V1_ListReportFieldsResponse()
        for field in catalog.fields {
            response.fields.append(StatisticsStore.message(field, options: try await store.options(of: field, scope: scope, logger: context.logger)))
        }
        return response
    }

    func queryStatistics(_ request: Metrology_Reports_V1_StatisticsQuery, _ context: CallContext) async throws -> Metrology_Reports_V1_StatisticsPage
    {
        let catalog = try await store.catalog(logger: context.logger)
        let plan = try StatisticsQueryBuilder(catalog: catalog, scope: ReaderScope(try context.caller())).plan(request)
        return try await store.page(plan, logger: context.logger)
    }
}
