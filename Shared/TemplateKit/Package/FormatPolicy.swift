/// The upload must be what its name says. Judged first by which main part exists (a workbook uploaded as .docx has
/// xl/workbook.xml, not word/document.xml), then by that part's registered content type.
enum FormatPolicy {
    static func mainPart(_ format: TemplateFormat) -> String {
        switch format {
        case .docx: "word/document.xml"
        case .xlsx: "xl/workbook.xml"
        }
    }

    /// Documents and templates (.dotx/.xltx) alike; the macro-enabled types are refused earlier by `MacroPolicy`.
    static func mainTypes(_ format: TemplateFormat) -> Set<String> {
        switch format {
        case .docx:
            [
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            ]
        case .xlsx:
            [
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
            ]
        }
    }

    static func checkParts(_ package: OfficePackage, declared: TemplateFormat) throws(TemplateRejection) {
        let main = mainPart(declared)
        guard !package.has(main) else { return }
        let other: TemplateFormat = declared == .docx ? .xlsx : .docx
        if package.has(mainPart(other)) { throw mismatch(actual: other.title, declared: declared) }
        if package.has("ppt/presentation.xml") { throw mismatch(actual: "PowerPoint 演示文稿（.pptx）", declared: declared) }
        if package.has("xl/workbook.bin") { throw mismatch(actual: "Excel 二进制工作簿（.xlsb）", declared: declared) }
        throw .missingPart(main, format: declared)
    }

    static func checkMainType(_ types: ContentTypes, declared: TemplateFormat) throws(TemplateRejection) {
        let main = mainPart(declared)
        guard let type = types.type(of: main) else {
            throw .wrongFormat("主文档部件 \(main) 没有在 [Content_Types].xml 中登记内容类型，不是有效的 \(declared.title)")
        }
        if mainTypes(declared).contains(type.lowercased()) { return }
        let other: TemplateFormat = declared == .docx ? .xlsx : .docx
        if mainTypes(other).contains(type.lowercased()) { throw mismatch(actual: other.title, declared: declared) }
        throw .wrongFormat("主文档部件 \(main) 的内容类型“\(type)”不是 \(declared.title)")
    }

    private static func mismatch(actual: String, declared: TemplateFormat) -> TemplateRejection {
        .wrongFormat("文件实际是 \(actual)，却按 \(declared.title) 上传；请核对文件或扩展名")
    }
}
