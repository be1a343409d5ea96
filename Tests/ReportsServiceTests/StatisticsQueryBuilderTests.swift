import Contracts
import RPCCore
import Testing

@testable import ReportsService

@Suite struct StatisticsQueryBuilderTests {
    let builder = StatisticsQueryBuilder(
        catalog: ReportFieldCatalog(dataItems: [
            .dataItem(code: "E", numeric: true, itemCodes: ["JJG443"]), .dataItem(code: "remark", numeric: false, itemCodes: []),
        ]), scope: .everything)

    func filter(_ field: String, _ op: String, _ values: [String]) -> Metrology_Reports_V1_Filter {
        var filter = Metrology_Reports_V1_Filter()
        filter.field = field
        filter.op = op
        filter.values = values
        return filter
    }

    func query(columns: [String] = [], filters: [Metrology_Reports_V1_Filter] = [], groupBy: [String] = []) -> Metrology_Reports_V1_StatisticsQuery {
        var query = Metrology_Reports_V1_StatisticsQuery()
        query.columns = columns
        query.filters = filters
        query.groupBy = groupBy
        return query
    }

    func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "every operation on the kinds that take it, each value bound",
        arguments: [
            ("instrument_name", "eq", ["燃气表"], "instrument_name = $"),
            ("instrument_name", "contains", ["50%_'"], "instrument_name ILIKE $"),
            ("conclusion", "in", ["合格", "不合格"], "conclusion = ANY($"),
            ("test_date", "range", ["2026-01-01", "2026-03-31"], "test_date >= $"),
            ("test_date", "range", ["", "2026-03-31"], "test_date <= $"),
            ("issued_at", "eq", ["2026-05-01"], "issued_at >= ($"),
            ("issued_at", "in", ["2026-05-01", "2026-05-03"], "AT TIME ZONE 'Asia/Shanghai')::date = ANY($"),
            ("procedure_version", "range", ["17", "29"], "procedure_version >= $"),
            ("passed", "eq", ["false"], "passed = $"),
            ("data.E", "range", ["-0.5", "0.5"], "jsonb_typeof(data -> $"),
            ("data.remark", "contains", ["漏"], "(data ->> $"),
        ])
    func operations(_ field: String, _ op: String, _ values: [String], _ fragment: String) throws {
        let plan = try builder.plan(query(filters: [filter(field, op, values)]))
        #expect(plan.pageSQL.contains(fragment))
        for value in values where !value.isEmpty { #expect(!plan.pageSQL.contains(value)) }
        #expect(plan.countSQL.contains(fragment))
        #expect(plan.countBindCount >= 1)
    }

    @Test("an unknown field is REPORTS_FIELD_UNKNOWN, wherever it is named")
    func unknownField() {
        #expect(reason { _ = try builder.plan(query(columns: ["instrument_name", "password_hash"])) } == "REPORTS_FIELD_UNKNOWN")
        #expect(reason { _ = try builder.plan(query(filters: [filter("data.nope", "eq", ["1"])])) } == "REPORTS_FIELD_UNKNOWN")
        #expect(reason { _ = try builder.plan(query(groupBy: ["customer_name", "1; DROP TABLE results"])) } == "REPORTS_FIELD_UNKNOWN")
        var sorted = query()
        var key = Metrology_Reports_V1_SortKey()
        key.field = "task_id DESC, (SELECT 1)"
        sorted.sort = [key]
        #expect(reason { _ = try builder.plan(sorted) } == "REPORTS_FIELD_UNKNOWN")
    }

    @Test(
        "injection attempts are refused with a code or end up as bound values, never in the statement",
        arguments: [
            ("instrument_name; DROP TABLE results; --", "eq", ["x"], "REPORTS_FIELD_UNKNOWN"),
            ("instrument_name", "eq'; DROP TABLE results; --", ["x"], "REPORTS_FILTER_OP_INVALID"),
            ("instrument_name", "= '' OR 1=1 --", ["x"], "REPORTS_FILTER_OP_INVALID"),
            ("test_date", "eq", ["2026-01-01' OR '1'='1"], "REPORTS_FILTER_VALUE_INVALID"),
            ("procedure_version", "eq", ["1 OR 1=1"], "REPORTS_FILTER_VALUE_INVALID"),
            ("passed", "eq", ["true OR true"], "REPORTS_FILTER_VALUE_INVALID"),
            ("instrument_name", "eq", ["a\u{0}b"], "REPORTS_FILTER_VALUE_INVALID"),
            ("data.E'); DROP TABLE results; --", "eq", ["1"], "REPORTS_FIELD_UNKNOWN"),
        ])
    func injections(_ field: String, _ op: String, _ values: [String], _ expected: String) {
        #expect(reason { _ = try builder.plan(query(filters: [filter(field, op, values)])) } == expected)
    }

    @Test("quotes and comment marks in a text value are bound, not spliced")
    func quotedText() throws {
        let hostile = "x' OR '1'='1'; DROP TABLE results; --"
        let plan = try builder.plan(query(filters: [filter("customer_name", "eq", [hostile]), filter("customer_address", "contains", [hostile])]))
        #expect(!plan.pageSQL.contains("DROP"))
        #expect(!plan.pageSQL.contains("'1'='1'"))
        #expect(plan.pageBindCount == 4)  // two values, LIMIT and OFFSET
    }

    @Test(
        "operations a field's kind does not take are REPORTS_FILTER_OP_INVALID",
        arguments: [("instrument_name", "range"), ("test_date", "contains"), ("passed", "range"), ("passed", "contains"), ("data.E", "contains")])
    func wrongOperation(_ field: String, _ op: String) {
        #expect(reason { _ = try builder.plan(query(filters: [filter(field, op, ["1", "2"])])) } == "REPORTS_FILTER_OP_INVALID")
    }

    @Test(
        "value counts: eq one, in at least one, range two not both open, contains one non-empty",
        arguments: [
            ("instrument_name", "eq", [String]()), ("instrument_name", "eq", ["a", "b"]), ("conclusion", "in", []),
            ("test_date", "range", ["2026-01-01"]), ("test_date", "range", ["", ""]), ("instrument_name", "contains", [""]),
        ])
    func valueCounts(_ field: String, _ op: String, _ values: [String]) {
        let code = reason { _ = try builder.plan(query(filters: [filter(field, op, values)])) }
        #expect(code == "REPORTS_FILTER_VALUE_COUNT" || code == "REPORTS_FILTER_VALUE_INVALID")
    }

    @Test(
        "values of the wrong kind are REPORTS_FILTER_VALUE_INVALID", arguments: [("test_date", "2026-02-30"), ("data.E", "1e5"), ("passed", "yes")])
    func wrongValues(_ field: String, _ value: String) {
        #expect(reason { _ = try builder.plan(query(filters: [filter(field, "eq", [value])])) } == "REPORTS_FILTER_VALUE_INVALID")
    }

    @Test("grouping selects counts and pass/fail, groups by position and counts the groups")
    func grouped() throws {
        var grouped = query(filters: [filter("item_id", "eq", ["i-1"])], groupBy: ["instrument_manufacturer", "data.E"])
        var key = Metrology_Reports_V1_SortKey()
        key.field = "pass_rate"
        grouped.sort = [key]
        let plan = try builder.plan(grouped)
        #expect(plan.grouped)
        #expect(plan.columns.map(\.code) == ["instrument_manufacturer", "data.E"])
        #expect(plan.pageSQL.contains("count(*) FILTER (WHERE passed)"))
        #expect(plan.pageSQL.contains("GROUP BY 1, 2"))
        #expect(plan.pageSQL.contains("g.p::float8"))
        #expect(plan.countSQL.hasPrefix("SELECT count(*) FROM (SELECT 1 FROM results"))
        key.field = "customer_name"
        grouped.sort = [key]
        #expect(reason { _ = try builder.plan(grouped) } == "REPORTS_SORT_INVALID")
    }

    @Test("limits: page size, cursor and the sizes of a query")
    func limits() throws {
        var big = query()
        big.pageSize = 501
        #expect(reason { _ = try builder.plan(big) } == "PAGE_SIZE_INVALID")
        big.pageSize = 0
        big.cursor = "not-a-cursor"
        #expect(reason { _ = try builder.plan(big) } == "PAGE_CURSOR_INVALID")
        big.cursor = StatisticsQueryBuilder.cursor(offset: 100)
        #expect(try builder.plan(big).offset == 100)
        big.cursor = StatisticsQueryBuilder.cursor(offset: StatisticsQueryBuilder.maxOffset)
        #expect(try builder.plan(big).offset == StatisticsQueryBuilder.maxOffset)
        big.cursor = StatisticsQueryBuilder.cursor(offset: StatisticsQueryBuilder.maxOffset + 1)
        #expect(reason { _ = try builder.plan(big) } == "REPORTS_PAGE_TOO_DEEP")
        #expect(reason { _ = try builder.plan(query(columns: Array(repeating: "item_name", count: 61))) } == "REPORTS_QUERY_TOO_LARGE")
        #expect(reason { _ = try builder.plan(query(groupBy: Array(repeating: "item_name", count: 6))) } == "REPORTS_QUERY_TOO_LARGE")
        let many = (0...200).map(String.init)
        #expect(reason { _ = try builder.plan(query(filters: [filter("procedure_version", "in", many)])) } == "REPORTS_QUERY_TOO_LARGE")
    }

    @Test("no columns asked: the default ones; every default is in the catalogue")
    func defaults() throws {
        let plan = try builder.plan(query())
        #expect(plan.columns.map(\.code) == ReportFieldCatalog.defaultColumns)
        #expect(plan.pageSize == 50)
        #expect(plan.pageSQL.contains("ORDER BY test_date DESC NULLS LAST, task_id"))
    }
}
