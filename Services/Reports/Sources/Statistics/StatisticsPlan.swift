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
