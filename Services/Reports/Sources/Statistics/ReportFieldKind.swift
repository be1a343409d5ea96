/// What a report field holds, which decides the filters it takes and how its values are written out.
enum ReportFieldKind: String, Sendable {
    case text, number, date, datetime
    case enumeration = "enum"
    case boolean

    /// The filter operations (`Filter.op`) a field of this kind takes.
    var operations: Set<String> {
        switch self {
        case .text, .enumeration: ["eq", "in", "contains"]
        case .number, .date, .datetime: ["eq", "in", "range"]
        case .boolean: ["eq", "in"]
        }
    }

    /// `expression` as text, the way StatisticsRow carries values: dates YYYY-MM-DD, date-times in China Standard
    /// Time with their offset, booleans true|false, "" for none.
    func text(_ expression: String) -> String {
        switch self {
        case .text, .enumeration: "coalesce(\(expression), '')"
        case .number: "coalesce((\(expression))::text, '')"
        case .date: "coalesce(to_char(\(expression), 'YYYY-MM-DD'), '')"
        case .datetime: "coalesce(to_char((\(expression)) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"'), '')"
        case .boolean: "(CASE WHEN \(expression) THEN 'true' WHEN NOT \(expression) THEN 'false' ELSE '' END)"
        }
    }
}
