import Foundation

/// Lists the defined names of an .xlsx (公式 → 定义名称), in workbook order. Excel's built-ins (`_xlnm.Print_Area`
/// …), other names starting with "_" and hidden names (left by add-ins and custom views, invisible in the Name
/// Manager) are skipped: the author could neither see nor fix them.
enum ExcelNameScanner {
    static func scan(_ package: OfficePackage) throws(TemplateRejection) -> [TemplateField] {
        let main = FormatPolicy.mainPart(.xlsx)
        guard let entry = package.entry(main) else { throw .missingPart(main, format: .xlsx) }
        let handler = WorkbookHandler()
        try package.parse(entry, into: handler)
        guard handler.sawWorkbook else { throw .xmlInvalid(entry.name, "根元素不是工作簿（workbook）") }
        let sheets = Set(handler.sheets.map { $0.lowercased() })
        return handler.names.compactMap { name in
            guard !name.name.isEmpty, !name.name.hasPrefix("_"), !name.hidden else { return nil }
            return field(name, sheets: sheets)
        }
    }

    static func field(_ name: WorkbookHandler.DefinedName, sheets: Set<String>) -> TemplateField {
        let text = name.text.trimmingCharacters(in: .whitespaces)
        guard let reference = CellReference.parse(text) else {
            return TemplateField(name: name.name, location: text, problem: "引用的不是单个工作表上的单元格或区域（\(text)）")
        }
        let location = "\(sheetText(reference.sheet))!\(reference.areaText)"
        guard sheets.contains(reference.sheet.lowercased()) else {
            return TemplateField(name: name.name, location: location, problem: "引用了不存在的工作表“\(reference.sheet)”")
        }
        return TemplateField(
            name: name.name, location: location, row: reference.row.map { TemplateRowPosition(scope: reference.sheet, table: nil, row: $0) })
    }

    /// Quoted as Excel would when the sheet name is not a plain word.
    private static func sheetText(_ sheet: String) -> String {
        sheet.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? sheet : "'\(sheet.replacingOccurrences(of: "'", with: "''"))'"
    }
}

final class WorkbookHandler: XMLEventHandler {
    struct DefinedName {
        let name: String
        let hidden: Bool
        var text: String
    }

    private(set) var sheets: [String] = []
    private(set) var names: [DefinedName] = []
    private(set) var sawWorkbook = false
    private var current: DefinedName?

    func start(_ element: XMLElementStart) {
        guard OOXMLNamespaces.spreadsheet.contains(element.namespace) else { return }
        switch element.name {
        case "workbook":
            sawWorkbook = true
        case "sheet":
            if let name = element.attribute("name") { sheets.append(name) }
        case "definedName":
            let hidden = ["1", "true"].contains(element.attribute("hidden")?.lowercased() ?? "")
            current = DefinedName(name: element.attribute("name") ?? "", hidden: hidden, text: "")
        default:
            break
        }
    }

    func end(namespace: String, name: String) {
        guard OOXMLNamespaces.spreadsheet.contains(namespace), name == "definedName", let current else { return }
        names.append(current)
        self.current = nil
    }

    func text(_ text: String) {
        current?.text += text
    }
}
