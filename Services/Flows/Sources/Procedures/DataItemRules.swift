import Contracts
import Foundation

/// What a well-formed data item is. Checked at every save (so the editor can point at the field) and again, with the
/// whole-procedure rules, at publication.
enum DataItemRules {
    static let kinds: Set<String> = ["text", "number", "date", "choice", "photo", "table", "computed", "judgement", "conclusion"]
    static let sections: Set<String> = ["header", "measurement", "result", "conclusion"]
    static let formulaKinds: Set<String> = ["computed", "judgement", "conclusion"]

    /// Letters, digits and underscores, starting with a letter: usable in formulas and as a bookmark name.
    static func isCode(_ text: String, maxLength: Int = 40) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter, text.count <= maxLength else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func isDecimal(_ text: String) -> Bool {
        text.range(of: #"^[+-]?\d+(\.\d+)?$"#, options: .regularExpression) != nil
    }

    /// Issues of the items one by one, in order.
    static func issues(of items: [Metrology_Flows_V1_DataItem]) -> [Metrology_Flows_V1_ValidationIssue] {
        var issues: [Metrology_Flows_V1_ValidationIssue] = []
        var seen: Set<String> = []
        for item in items {
            func add(_ code: String, _ message: String) { issues.append(.error(item: item.code, code: code, message: message)) }
            if !isCode(item.code) {
                add("FLOWS_DATA_ITEM_CODE_INVALID", "数据项代码“\(item.code)”须为字母开头的字母、数字或下划线（至多 40 个）")
            } else if !seen.insert(item.code.lowercased()).inserted {
                add("FLOWS_DATA_ITEM_DUPLICATE", "数据项代码“\(item.code)”重复")
            }
            if item.title.trimmingCharacters(in: .whitespaces).isEmpty || item.title.count > 60 {
                add("FLOWS_DATA_ITEM_TITLE_INVALID", "数据项“\(item.code)”须有名称（至多 60 个字符）")
            }
            if !kinds.contains(item.kind) { add("FLOWS_DATA_ITEM_KIND_INVALID", "数据项“\(item.code)”的类型“\(item.kind)”无效") }
            if !sections.contains(item.section) { add("FLOWS_DATA_ITEM_SECTION_INVALID", "数据项“\(item.code)”的分区“\(item.section)”无效") }
            for (bound, text) in [("min", item.min), ("max", item.max), ("resolution", item.resolution)] where !text.isEmpty && !isDecimal(text) {
                add("FLOWS_DATA_ITEM_NUMBER_INVALID", "数据项“\(item.code)”的 \(bound) 必须是十进制数")
            }
            if isDecimal(item.min), isDecimal(item.max), let low = Decimal(string: item.min), let high = Decimal(string: item.max), low > high {
                add("FLOWS_DATA_ITEM_RANGE_INVALID", "数据项“\(item.code)”的下限大于上限")
            }
            if item.kind == "choice" && item.choices.filter({ !$0.isEmpty }).count < 2 {
                add("FLOWS_DATA_ITEM_CHOICES_MISSING", "选择项“\(item.code)”至少需要两个选项")
            }
            if item.kind == "table" && (!(1...50).contains(item.points) || !(1...50).contains(item.runs)) {
                add("FLOWS_DATA_ITEM_TABLE_INVALID", "读数表“\(item.code)”的检测点数和测量次数须在 1 到 50 之间")
            }
            if formulaKinds.contains(item.kind) && item.formula.trimmingCharacters(in: .whitespaces).isEmpty {
                add("FLOWS_DATA_ITEM_FORMULA_MISSING", "数据项“\(item.code)”需要公式")
            }
            if !formulaKinds.contains(item.kind) && !item.formula.isEmpty {
                add("FLOWS_DATA_ITEM_FORMULA_UNEXPECTED", "只有计算、判定和结论类数据项可以有公式（“\(item.code)”）")
            }
        }
        return issues
    }
}

extension Metrology_Flows_V1_ValidationIssue {
    static func error(item: String, code: String, message: String, line: Int32 = 0, column: Int32 = 0, length: Int32 = 0) -> Self {
        var issue = Self()
        issue.severity = "error"
        issue.itemCode = item
        issue.code = code
        issue.message = message
        issue.line = line
        issue.column = column
        issue.length = length
        return issue
    }

    static func warning(item: String, code: String, message: String) -> Self {
        var issue = error(item: item, code: code, message: message)
        issue.severity = "warning"
        return issue
    }
}
