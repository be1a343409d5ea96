/// No executable content in a template: VBA projects (.docm/.xlsm, or a vbaProject.bin smuggled into a file named
/// .docx), Excel 4.0 macro sheets and ActiveX controls. Checked by part name before anything is inflated, and again
/// by content type, because either alone can be renamed around.
enum MacroPolicy {
    static func checkNames(_ entries: [ZipEntryRecord]) throws(TemplateRejection) {
        for entry in entries {
            let key = entry.key
            let file = key.split(separator: "/").last.map(String.init) ?? key
            let shown = ZipEntryName.display(entry.name)
            if file == "vbaproject.bin" || file == "vbadata.xml" { throw .macros("含有 VBA 宏工程（\(shown)）") }
            if key.hasPrefix("xl/macrosheets/") || key.hasPrefix("xl/intl-macrosheets/") { throw .macros("含有 Excel 4.0 宏表（\(shown)）") }
            if key.hasPrefix("word/activex/") || key.hasPrefix("xl/activex/") { throw .macros("含有 ActiveX 控件（\(shown)）") }
        }
    }

    static func checkContentTypes(_ types: ContentTypes) throws(TemplateRejection) {
        for type in types.allTypes {
            let lower = type.lowercased()
            if lower.contains("macroenabled") { throw .macros("内容类型为启用宏的文档（\(type)），即 .docm/.xlsm/.dotm/.xltm") }
            if lower.contains("vbaproject") || lower.contains("macrosheet") || lower.contains("activex") {
                throw .macros("含有内容类型 \(type)")
            }
        }
    }
}
