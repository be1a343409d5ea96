/// One field a report may show, filter, group and sort by: a column of `results`, or one of the procedures' data items
/// kept in its `data` object. Only these reach SQL, and a data item's code only as a bound parameter.
struct ReportFieldDefinition: Sendable {
    enum Source: Sendable, Equatable {
        /// A column of `results`, by its name in the migration.
        case column(String)
        /// A key of `results.data`.
        case dataItem(String)
    }

    let code: String
    let title: String
    let kind: ReportFieldKind
    let group: String
    let source: Source
    /// For enum fields: value → title. Fields with `optionsFromData` get theirs from the table at ListReportFields.
    var options: [(value: String, title: String)] = []
    /// The column whose distinct values (with the title column beside it) are the options.
    var optionsFromData: (value: String, title: String)? = nil

    static let dataPrefix = "data."

    /// The typed SQL expression: a column name, or `data`'s key through bound parameters (numbers only when the value
    /// is a JSON number, so that a text value never fails a cast).
    func expression(_ sql: inout SQLText) -> String {
        switch source {
        case .column(let name):
            return name
        case .dataItem(let key):
            if kind == .number {
                let a = sql.bind(key)
                let b = sql.bind(key)
                return "(CASE WHEN jsonb_typeof(data -> \(a)) = 'number' THEN (data ->> \(b))::numeric END)"
            }
            return "(data ->> \(sql.bind(key)))"
        }
    }

    /// Data items are titled by their code (the events carry no titles) with the items they appear in.
    static func dataItem(code: String, numeric: Bool, itemCodes: [String]) -> ReportFieldDefinition {
        let within = itemCodes.isEmpty ? "" : "（\(itemCodes.prefix(3).joined(separator: "、"))\(itemCodes.count > 3 ? "等" : "")）"
        return ReportFieldDefinition(
            code: dataPrefix + code, title: "数据项 \(code)\(within)", kind: numeric ? .number : .text, group: "数据项", source: .dataItem(code))
    }
}
