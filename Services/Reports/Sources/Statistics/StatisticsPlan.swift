import PostgresNIO

/// A validated statistics query, ready to run: the page's statement, its count, and how to read the rows.
struct StatisticsPlan: Sendable {
    /// The fields of the row values, in order (grouped: the group-by fields).
    let columns: [ReportFieldDefinition]
    let grouped: Bool
    let offset: Int
    let pageSize: Int
    /// Plain rows: task id, certificate number, certificate file, then the columns as text. Grouped: the group
    /// values as text, then count, passed, failed.
    let page: PostgresQuery
    let count: PostgresQuery
}

extension StatisticsPlan {
    /// The statements' text and their number of bound values, for tests (which do not link PostgresNIO).
    var pageSQL: String { page.sql }
    var pageBindCount: Int { page.binds.count }
    var countSQL: String { count.sql }
    var countBindCount: Int { count.binds.count }
}
