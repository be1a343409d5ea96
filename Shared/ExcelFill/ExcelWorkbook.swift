import FillCore

/// xl/workbook.xml: the sheets (name → part, through the workbook's relationships) and the defined names.
final class ExcelWorkbook {
    struct Sheet {
        let name: String
        let part: String
    }

    /// A workbook-scope defined name the author can see (Excel's `_xlnm.*`, other "_" names and hidden ones are not
    /// the author's, as TemplateKit's scanner decides).
    struct Name {
        let element: XElement
        let name: String
        var text: String { element.textContent }
    }

    let package: OOXMLPackage
    let part: String
    let document: XDocument
    let s: Set<String>
    let sheets: [Sheet]
    private var loaded: [String: ExcelSheet] = [:]

    init(_ package: OOXMLPackage) throws(FillError) {
        self.package = package
        guard let part = package.name("xl/workbook.xml"), let document = try package.xml(part) else {
            throw .templateInvalid("TEMPLATE_MISSING_PART", "缺少 xl/workbook.xml，不是 Excel 工作簿")
        }
        self.part = part
        self.document = document
        let namespaces = try XNamespaces(document, part: part)
        s = namespaces.prefixes(OOXML.spreadsheet)
        let r = namespaces.prefixes(OOXML.officeRelationships)
        let relationships = try package.relationships(of: part)
        var sheets: [Sheet] = []
        for element in document.root.child("sheets", s)?.elements ?? [] where element.is("sheet", s) {
            guard let name = element.attribute("name"), let id = element.attribute(local: "id", prefixes: r),
                let target = relationships.part(for: id), package.has(target)
            else { continue }
            sheets.append(Sheet(name: name, part: target))
        }
        self.sheets = sheets
    }

    /// Every defined name element, whatever its scope (all of them are shifted with the rows).
    var allNameElements: [XElement] { document.root.child("definedNames", s)?.elements.filter { $0.is("definedName", s) } ?? [] }

    var names: [Name] {
        allNameElements.compactMap { element in
            guard let name = element.attribute("name"), !name.isEmpty, !name.hasPrefix("_"), element.attribute("localSheetId") == nil,
                !["1", "true"].contains(element.attribute("hidden")?.lowercased() ?? "")
            else { return nil }
            return Name(element: element, name: name)
        }
    }

    /// The worksheet named `name` (case-insensitively, as Excel compares sheet names), parsed once.
    func sheet(_ name: String) throws(FillError) -> ExcelSheet? {
        let key = name.lowercased()
        if let sheet = loaded[key] { return sheet }
        guard let entry = sheets.first(where: { $0.name.lowercased() == key }), let document = try package.xml(entry.part) else { return nil }
        let sheet = try ExcelSheet(name: entry.name, part: entry.part, document: document)
        loaded[key] = sheet
        return sheet
    }

    var loadedSheets: [ExcelSheet] { Array(loaded.values) }

    /// calcChain lists formula cells in calculation order; after formulas were removed or moved it would point at
    /// cells without one, which Excel reports as corruption. It is only a cache, so it goes (part, relationship,
    /// content type). `fullCalcOnLoad` then makes Excel and LibreOffice recompute every formula, whose cached values
    /// predate the fill in any case.
    func finish(dropCalcChain: Bool) throws(FillError) {
        if dropCalcChain {
            for removed in try package.relationships(of: part).remove(type: OOXML.calcChainRelationship) {
                package.remove(removed)
                try package.contentTypes().removeOverride(part: removed)
            }
        }
        let calc: XElement
        if let existing = document.root.child("calcPr", s) {
            calc = existing
        } else {
            let prefix = document.root.prefix
            calc = XElement(prefix.isEmpty ? "calcPr" : "\(prefix):calcPr")
            // CT_Workbook's sequence: calcPr comes after definedNames and before these.
            let later = [
                "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr",
                "webPublishObjects", "extLst",
            ]
            let index = document.root.children.firstIndex { if case .element(let child) = $0 { later.contains(child.local) } else { false } }
            document.root.insert(.element(calc), at: index ?? document.root.children.count)
        }
        calc.setAttribute("fullCalcOnLoad", "1")
    }
}
