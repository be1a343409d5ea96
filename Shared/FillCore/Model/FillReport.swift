/// What a fill did, for the certificates service to log and show. None of these is an error: a template may leave a
/// value out, and a record may carry values the template does not print.
public struct FillReport: Sendable, Hashable {
    /// Bookmarks/names that received a value, a picture or (`ROW_x`) their rows, as spelled in the template, in order.
    public var filled: [String]
    /// Bookmarks/names in the template for which the data had nothing; their placeholder text was cleared (a
    /// `ROW_x` without table `x` in the data is filled as zero readings: its sample row is removed). Columns read
    /// `table_column` (Word) or `table.column` (Excel) as in the template, listed once.
    public var missing: [String]
    /// Values, pictures and tables in the data with no bookmark/name in the template, as spelled in the data, sorted.
    public var unused: [String]

    public init(filled: [String] = [], missing: [String] = [], unused: [String] = []) {
        self.filled = filled
        self.missing = missing
        self.unused = unused
    }
}

/// Collects a report while a fill runs.
package struct FillReportBuilder {
    private var filled: [String] = []
    private var missing: [String] = []
    private var seenFilled: Set<String> = []
    private var seenMissing: Set<String> = []
    /// Lower-cased data names that found a place.
    private var used: Set<String> = []

    package init() {}

    package mutating func filled(_ templateName: String, using dataName: String? = nil) {
        used.insert((dataName ?? templateName).lowercased())
        if seenFilled.insert(templateName.lowercased()).inserted { filled.append(templateName) }
    }

    package mutating func missing(_ templateName: String) {
        if seenMissing.insert(templateName.lowercased()).inserted { missing.append(templateName) }
    }

    /// Marks a data name used without listing it as filled (a table whose rows went in).
    package mutating func used(_ dataName: String) { used.insert(dataName.lowercased()) }

    package func report(_ data: FillData) -> FillReport {
        let names = Array(data.values.keys) + Array(data.tables.keys) + Array(data.images.keys)
        let unused = Set(names.filter { !used.contains($0.lowercased()) }).sorted()
        return FillReport(filled: filled, missing: missing.filter { !seenFilled.contains($0.lowercased()) }, unused: unused)
    }
}
