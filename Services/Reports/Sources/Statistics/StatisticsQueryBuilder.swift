import Contracts
import RPCCore
import ServiceKit

/// Turns a StatisticsQuery into SQL over `results`: every field through the catalogue (REPORTS_FIELD_UNKNOWN
/// otherwise), every operation from a fixed list (REPORTS_FILTER_OP_INVALID), every value checked for its field's
/// kind (REPORTS_FILTER_VALUE_INVALID) and bound as a parameter. Pages by offset (an opaque cursor): sorting on any
/// field rules out a keyset, and the first pages, which people read, are cheap.
struct StatisticsQueryBuilder {
    let catalog: ReportFieldCatalog
    /// The caller's rows (`ReaderScope`): part of every page and count this builder plans.
    let scope: ReaderScope

    static let maxColumns = 60
    static let maxFilters = 30
    static let maxGroupBy = 5
    static let maxSort = 5
    static let maxValues = 200
    static let maxValueLength = 200
    static let maxPageSize = 500
    static let defaultPageSize = 50
    static let cursorList = "statistics"

    /// The plan for one page, or with `limit` every row up to it (the export; page size and cursor ignored).
    func plan(_ query: Metrology_Reports_V1_StatisticsQuery, limit: Int? = nil) throws(RPCError) -> StatisticsPlan {
        guard query.columns.count <= Self.maxColumns else { throw ReportsErrors.tooMany("columns", what: "显示字段", limit: Self.maxColumns) }
        guard query.filters.count <= Self.maxFilters else { throw ReportsErrors.tooMany("filters", what: "查询条件", limit: Self.maxFilters) }
        guard query.groupBy.count <= Self.maxGroupBy else { throw ReportsErrors.tooMany("groupBy", what: "分组字段", limit: Self.maxGroupBy) }
        guard query.sort.count <= Self.maxSort else { throw ReportsErrors.tooMany("sort", what: "排序字段", limit: Self.maxSort) }
        let pageSize: Int
        let offset: Int
        if let limit {
            (pageSize, offset) = (limit, 0)
        } else {
            guard (0...Int32(Self.maxPageSize)).contains(query.pageSize) else { throw ReportsErrors.pageSize }
            pageSize = query.pageSize == 0 ? Self.defaultPageSize : Int(query.pageSize)
            offset = try Self.offset(query.cursor)
        }
        let grouped = !query.groupBy.isEmpty
        let columns =
            grouped
            ? try query.groupBy.enumerated().map { (index, code) throws(RPCError) in try catalog.field(code, at: "groupBy[\(index)]") }
            : try (query.columns.isEmpty ? ReportFieldCatalog.defaultColumns : query.columns).enumerated().map { (index, code) throws(RPCError) in
                try catalog.field(code, at: "columns[\(index)]")
            }
        let filters = try query.filters.enumerated().map { (index, filter) throws(RPCError) in
            (try catalog.field(filter.field, at: "filters[\(index)].field"), filter, "filters[\(index)]")
        }
        // Checked once here so that both statements below can assume valid input.
        for (field, filter, path) in filters {
            var scratch = SQLText()
            _ = try FilterCondition.sql(field, filter, path: path, into: &scratch)
        }
        let sort = try sortKeys(query.sort, grouped: grouped, columns: columns)

        // Throws rather than drop a condition: a filter left out would widen the answer silently.
        func whereClause(_ sql: inout SQLText) throws(RPCError) {
            var conditions: [String] = []
            if scope != .everything { conditions.append(scope.condition(&sql)) }
            for (field, filter, path) in filters {
                conditions.append("(\(try FilterCondition.sql(field, filter, path: path, into: &sql)))")
            }
            sql.append(" WHERE " + (conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")))
        }

        var page = SQLText()
        var count = SQLText()
        if grouped {
            page.append("SELECT ")
            page.append(columns.enumerated().map { index, field in field.kind.text("g.c\(index)") }.joined(separator: ", "))
            page.append(", g.n, g.p, g.f FROM (SELECT ")
            var inner: [String] = []
            for (index, field) in columns.enumerated() { inner.append("\(field.expression(&page)) AS c\(index)") }
            page.append(inner.joined(separator: ", "))
            page.append(", count(*) AS n, count(*) FILTER (WHERE passed) AS p, count(*) FILTER (WHERE NOT passed) AS f FROM results")
            try whereClause(&page)
            page.append(" GROUP BY " + columns.indices.map { "\($0 + 1)" }.joined(separator: ", ") + ") g")
            page.append(" ORDER BY " + (sort.map { key in key.grouped(columns) } + columns.indices.map { "g.c\($0)" }).joined(separator: ", "))

            count.append("SELECT count(*) FROM (SELECT 1 FROM results")
            try whereClause(&count)
            var keys: [String] = []
            for field in columns { keys.append(field.expression(&count)) }
            count.append(" GROUP BY " + keys.joined(separator: ", ") + ") g")
        } else {
            page.append("SELECT task_id::text, certificate_number, certificate_file_sha256")
            for field in columns { page.append(", " + field.kind.text(field.expression(&page))) }
            page.append(" FROM results")
            try whereClause(&page)
            var order: [String] = []
            for key in sort {
                let field = key.field ?? columns[0]
                order.append("\(field.expression(&page)) \(key.descending ? "DESC" : "ASC") NULLS LAST")
            }
            order.append("task_id")
            page.append(" ORDER BY " + order.joined(separator: ", "))

            count.append("SELECT count(*) FROM results")
            try whereClause(&count)
        }
        page.append(" LIMIT \(page.bind(Int64(limit.map { $0 + 1 } ?? pageSize))) OFFSET \(page.bind(Int64(offset)))")
        return StatisticsPlan(columns: columns, grouped: grouped, offset: offset, pageSize: pageSize, page: page.query, count: count.query)
    }

    /// A sort key: a field, or for groups also `count` and `pass_rate`.
    struct SortKey {
        var field: ReportFieldDefinition?
        var special: String?
        var descending: Bool

        func grouped(_ columns: [ReportFieldDefinition]) -> String {
            let direction = descending ? "DESC" : "ASC"
            switch special {
            case "count": return "g.n \(direction)"
            case "pass_rate": return "(g.p::float8 / NULLIF(g.p + g.f, 0)) \(direction) NULLS LAST"
            default:
                let index = columns.firstIndex { $0.code == field?.code } ?? 0
                return "g.c\(index) \(direction) NULLS LAST"
            }
        }
    }

    /// Plain rows sort by any field (default: test date, newest first); groups by a group-by field, count or pass
    /// rate (default: count, largest first).
    private func sortKeys(_ keys: [Metrology_Reports_V1_SortKey], grouped: Bool, columns: [ReportFieldDefinition]) throws(RPCError) -> [SortKey] {
        if keys.isEmpty {
            return grouped
                ? [SortKey(special: "count", descending: true)]
                : [SortKey(field: try catalog.field("test_date", at: "sort"), descending: true)]
        }
        var result: [SortKey] = []
        for (index, key) in keys.enumerated() {
            if grouped {
                if key.field == "count" || key.field == "pass_rate" {
                    result.append(SortKey(special: key.field, descending: key.descending))
                    continue
                }
                guard columns.contains(where: { $0.code == key.field }) else {
                    _ = try catalog.field(key.field, at: "sort[\(index)].field")
                    throw ReportsErrors.invalid("sort[\(index)].field", "分组统计只能按分组字段、数量或合格率排序", "REPORTS_SORT_INVALID")
                }
                result.append(SortKey(field: try catalog.field(key.field, at: "sort[\(index)].field"), descending: key.descending))
            } else {
                result.append(SortKey(field: try catalog.field(key.field, at: "sort[\(index)].field"), descending: key.descending))
            }
        }
        return result
    }

    static let maxOffset = 100_000

    static func offset(_ cursor: String) throws(RPCError) -> Int {
        guard let position = try PageCursor.decode(cursor, list: cursorList, parts: 1) else { return 0 }
        guard let offset = Int(position.key[0]), offset >= 0 else {
            throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
        }
        // An offset is read and thrown away by the database: deep pages cost as much as the rows before them.
        guard offset <= maxOffset else {
            throw RPCError.invalidArgument(
                "翻页不能超过第 \(maxOffset) 行，请增加筛选条件缩小范围，或导出全部结果", reason: "REPORTS_PAGE_TOO_DEEP", details: ["field": "cursor"])
        }
        return offset
    }

    static func cursor(offset: Int) -> String {
        PageCursor(list: cursorList, key: [String(offset)]).token
    }
}
