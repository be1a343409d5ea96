import Contracts
import Persistence
import RPCCore
import ServiceKit

/// One filter (§4.2.5.4) as a SQL condition: `eq`, `in`, `range` (inclusive; either end may be "") and `contains`
/// (case-insensitive, typed text matched literally), each only for the field kinds it makes sense for, its values
/// checked for the kind and bound as parameters. A date-time field filters by the day in China Standard Time, written
/// as a half-open range over the column so that its index serves.
enum FilterCondition {
    static func sql(
        _ field: ReportFieldDefinition, _ filter: Metrology_Reports_V1_Filter, path: String, into sql: inout SQLText
    ) throws(RPCError) -> String {
        let op = filter.op
        guard field.kind.operations.contains(op) else { throw ReportsErrors.operation(op, title: field.title, at: "\(path).op") }
        let values = filter.values
        guard values.count <= StatisticsQueryBuilder.maxValues else {
            throw ReportsErrors.tooMany("\(path).values", what: "条件值", limit: StatisticsQueryBuilder.maxValues)
        }
        for (index, value) in values.enumerated() {
            try check(value, field: field, op: op, at: "\(path).values[\(index)]")
        }
        let expression = field.expression(&sql)
        switch op {
        case "eq":
            guard values.count == 1 else { throw ReportsErrors.valueCount(title: field.title, expected: "一个值", at: "\(path).values") }
            if field.kind == .datetime { return dayRange(expression, from: values[0], to: values[0], into: &sql) }
            return "\(expression) = \(typed(sql.bind(values[0]), field.kind))"
        case "in":
            guard !values.isEmpty else { throw ReportsErrors.valueCount(title: field.title, expected: "至少一个值", at: "\(path).values") }
            if field.kind == .datetime {
                return "((\(expression)) AT TIME ZONE 'Asia/Shanghai')::date = ANY(\(sql.bind(values))::date[])"
            }
            return "\(expression) = ANY(\(sql.bind(values))::\(sqlType(field.kind))[])"
        case "range":
            guard values.count == 2, !(values[0].isEmpty && values[1].isEmpty) else {
                throw ReportsErrors.valueCount(title: field.title, expected: "起止两个值（可空一端）", at: "\(path).values")
            }
            if field.kind == .datetime { return dayRange(expression, from: values[0], to: values[1], into: &sql) }
            var parts: [String] = []
            if !values[0].isEmpty { parts.append("\(expression) >= \(typed(sql.bind(values[0]), field.kind))") }
            if !values[1].isEmpty { parts.append("\(expression) <= \(typed(sql.bind(values[1]), field.kind))") }
            return parts.joined(separator: " AND ")
        default:  // contains
            guard values.count == 1, !values[0].isEmpty else {
                throw ReportsErrors.valueCount(title: field.title, expected: "一个非空的文字", at: "\(path).values")
            }
            return "\(expression) ILIKE \(sql.bind(LikePattern.containing(values[0])))"
        }
    }

    /// From the start of the first day to the start of the day after the last, in China Standard Time.
    private static func dayRange(_ expression: String, from: String, to: String, into sql: inout SQLText) -> String {
        var parts: [String] = []
        if !from.isEmpty { parts.append("\(expression) >= (\(sql.bind(from))::date::timestamp AT TIME ZONE 'Asia/Shanghai')") }
        if !to.isEmpty { parts.append("\(expression) < ((\(sql.bind(to))::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')") }
        return parts.joined(separator: " AND ")
    }

    private static func sqlType(_ kind: ReportFieldKind) -> String {
        switch kind {
        case .number: "numeric"
        case .date, .datetime: "date"
        case .boolean: "boolean"
        case .text, .enumeration: "text"
        }
    }

    private static func typed(_ placeholder: String, _ kind: ReportFieldKind) -> String {
        kind == .text || kind == .enumeration ? placeholder : "\(placeholder)::\(sqlType(kind))"
    }

    /// A value fit for the field: a decimal number, a real day, true|false, or text of at most 200 characters without
    /// control characters (PostgreSQL refuses U+0000 in text; the others are never typed on purpose).
    static func check(_ value: String, field: ReportFieldDefinition, op: String, at path: String) throws(RPCError) {
        if value.isEmpty {
            // "" leaves a range's end open, and matches blank text with eq and in; elsewhere it means nothing.
            guard op == "range" || (op != "contains" && (field.kind == .text || field.kind == .enumeration)) else {
                throw ReportsErrors.value(value, title: field.title, expected: "有效的值", at: path)
            }
            return
        }
        switch field.kind {
        case .number:
            guard DataItems.number(value) != nil else { throw ReportsErrors.value(value, title: field.title, expected: "数字", at: path) }
        case .date, .datetime:
            guard CalendarDay(value) != nil else { throw ReportsErrors.value(value, title: field.title, expected: "日期（YYYY-MM-DD）", at: path) }
        case .boolean:
            guard value == "true" || value == "false" else {
                throw ReportsErrors.value(value, title: field.title, expected: "true 或 false", at: path)
            }
        case .text, .enumeration:
            guard value.count <= StatisticsQueryBuilder.maxValueLength else {
                throw ReportsErrors.value(value, title: field.title, expected: "不超过 200 个字的文字", at: path)
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ReportsErrors.value(value, title: field.title, expected: "不含控制字符的文字", at: path)
            }
        }
    }
}
