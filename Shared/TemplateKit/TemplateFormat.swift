/// The two layout formats a lab may upload (§4.3.6.2, §4.3.7.2: "Word、Excel 或其他类似的文档编辑软件").
/// Only the Office Open XML forms are accepted: they are zip packages of XML we can inspect without running anything.
public enum TemplateFormat: String, Sendable, Hashable, CaseIterable {
    case docx
    case xlsx

    /// How the format is named to template authors.
    var title: String {
        switch self {
        case .docx: "Word 文档（.docx）"
        case .xlsx: "Excel 工作簿（.xlsx）"
        }
    }
}
