import Foundation

/// The columns of a ledger import sheet, found by their Chinese titles in the header row (in any order). Titles are
/// compared after removing spaces, a required-field star and a trailing parenthesised note, with full-width
/// brackets read as ASCII: "强检用途(贸易结算/安全防护/医疗卫生/环境监测)", "检定周期（月）" and "* 器具名称" all match.
enum LedgerColumn: String, CaseIterable, Sendable {
    case name = "器具名称"
    case model = "型号规格"
    case serialNumber = "出厂编号"
    case manufacturer = "制造单位"
    case manufactureDate = "出厂日期"
    case accuracyClass = "准确度等级"
    case measuringRange = "测量范围"
    case placeOfUse = "使用地点"
    case mandatory = "是否强检"
    case mandatoryUse = "强检用途"
    case cycleMonths = "检定周期"

    /// The title as the example file writes it.
    var title: String {
        switch self {
        case .mandatoryUse: return "强检用途(贸易结算/安全防护/医疗卫生/环境监测)"
        case .cycleMonths: return "检定周期(月)"
        default: return rawValue
        }
    }

    /// The form's field name (InstrumentValidation's `details["field"]`).
    var field: String {
        switch self {
        case .name: "name"
        case .model: "model"
        case .serialNumber: "serialNumber"
        case .manufacturer: "manufacturer"
        case .manufactureDate: "manufactureDate"
        case .accuracyClass: "accuracyClass"
        case .measuringRange: "measuringRange"
        case .placeOfUse: "placeOfUse"
        case .mandatory: "mandatory"
        case .mandatoryUse: "mandatoryUse"
        case .cycleMonths: "cycleMonths"
        }
    }

    /// Other titles labs use for the same column.
    static let aliases: [String: LedgerColumn] = ["规格型号": .model, "型号": .model, "生产厂家": .manufacturer, "制造厂": .manufacturer]

    /// Columns people keep in their sheets that carry nothing for the ledger.
    static let ignored: Set<String> = ["序号", "备注"]

    static func normalize(_ title: String) -> String {
        var text = String(title.filter { !$0.isWhitespace && $0 != "*" && $0 != "＊" })
        text = text.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        if text.hasSuffix(")"), let open = text.firstIndex(of: "(") { text = String(text[..<open]) }
        return text
    }

    /// The column a header title names; nil for an ignored or unknown title (the caller tells them apart).
    static func match(_ title: String) -> LedgerColumn? {
        let key = normalize(title)
        return LedgerColumn(rawValue: key) ?? aliases[key]
    }
}
