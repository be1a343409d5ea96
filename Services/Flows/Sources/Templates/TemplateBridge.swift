import Contracts
import TemplateKit

/// Between the procedure's data items and TemplateKit's inspection and check.
enum TemplateBridge {
    /// Every data item a bookmark may name; a reading table's bookmarks name its columns (point, run, value).
    static func dataItems(_ items: [Metrology_Flows_V1_DataItem]) -> [TemplateDataItem] {
        items.map { TemplateDataItem(code: $0.code, title: $0.title, isTable: $0.kind == "table") }
    }

    static func kind(_ text: String) -> TemplateKind? { TemplateKind(rawValue: text) }

    static func fields(_ inspection: TemplateInspection) -> [Metrology_Flows_V1_TemplateField] {
        inspection.bookmarks.map { field in
            var message = Metrology_Flows_V1_TemplateField()
            message.name = field.name
            message.location = field.location
            message.fieldKind = field.kind.code
            message.reserved = field.reservedRole?.bookmarkName ?? ""
            return message
        }
    }

    static func issues(_ check: TemplateCheckResult) -> [Metrology_Flows_V1_ValidationIssue] {
        check.issues.map { issue in
            var message = Metrology_Flows_V1_ValidationIssue()
            message.severity = issue.severity.rawValue
            message.itemCode = issue.field
            message.code = issue.code
            message.message = issue.location.map { "\(issue.message)（\($0)）" } ?? issue.message
            return message
        }
    }
}
