import Contracts
import Testing

@testable import ReportsService

/// The SQL a `ReaderScope` adds (issue 19); which rows it admits is shown on a database by ReportsSupervisorScopeTests.
@Suite struct ReaderScopeTests {
    static let catalog = ReportFieldCatalog(dataItems: [])

    static func grouped() -> Metrology_Reports_V1_StatisticsQuery {
        var query = Metrology_Reports_V1_StatisticsQuery()
        query.groupBy = ["customer_name"]
        return query
    }

    @Test("a supervisor's pages and counts keep to mandatory results of the region, the region bound, never spliced")
    func supervised() throws {
        let builder = StatisticsQueryBuilder(catalog: Self.catalog, scope: .supervised(region: "4201"))
        for plan in [try builder.plan(Metrology_Reports_V1_StatisticsQuery()), try builder.plan(Self.grouped())] {
            for sql in [plan.pageSQL, plan.countSQL] {
                #expect(sql.contains("instrument_mandatory AND starts_with(customer_region_code, $"))
                #expect(!sql.contains("4201"))
            }
        }
    }

    @Test("a supervisor token without a region reads nothing; everyone else is not restricted")
    func nothingAndEverything() throws {
        let none = try StatisticsQueryBuilder(catalog: Self.catalog, scope: .nothing).plan(Metrology_Reports_V1_StatisticsQuery())
        #expect(none.pageSQL.contains("WHERE false") && none.countSQL.contains("WHERE false"))
        let all = try StatisticsQueryBuilder(catalog: Self.catalog, scope: .everything).plan(Metrology_Reports_V1_StatisticsQuery())
        #expect(!all.pageSQL.contains("instrument_mandatory") && !all.countSQL.contains("false"))
    }

    @Test("the evaluation's filter adds the scope after the query's own conditions")
    func evaluation() throws {
        var query = Metrology_Reports_V1_EvaluationQuery()
        query.regionPrefix = "42"
        var sql = SQLText()
        try EvaluationFilter(query, scope: .supervised(region: "4201")).append(to: &sql)
        #expect(sql.text.hasSuffix("AND (instrument_mandatory AND starts_with(customer_region_code, $2))"))
    }
}
