/// A data item of the procedure, as far as the template check needs it (the flows service maps its DataItem here).
public struct TemplateDataItem: Sendable, Hashable {
    /// The columns of a table of readings when the caller names none: one row per reading (point × run).
    public static let readingColumns = ["point", "run", "value"]

    /// Letters, digits and "_", starting with a letter; matched case-insensitively, as bookmark names are.
    public var code: String
    public var title: String
    /// A table of readings: filled through a `ROW_<code>` row rather than one bookmark.
    public var isTable: Bool
    /// For tables, the columns a repeated row may carry (`<code>.<column>` / `<code>_<column>`).
    public var columns: [String]

    public init(code: String, title: String, isTable: Bool = false, columns: [String]? = nil) {
        self.code = code
        self.title = title
        self.isTable = isTable
        self.columns = columns ?? (isTable ? Self.readingColumns : [])
    }
}
