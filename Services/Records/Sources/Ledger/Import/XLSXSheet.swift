import Foundation
import TemplateKit

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The cells of an .xlsx workbook's first sheet, read with ZIPFoundation (behind TemplateKit's hostile-upload checks,
/// `OfficeArchive`) and Foundation's `XMLParser`: shared strings (rich text runs joined, phonetic guides left out),
/// inline strings, formula string results, numbers as written in the file, booleans; whether dates count from 1904.
/// What a number means (a date serial, a count) is the importer's business: it knows its columns, and the styles
/// that would say "this number is shown as a date" are not needed for that.
struct XLSXSheet: Sendable {
    enum Kind: Sendable, Equatable {
        case text, number, boolean, error
    }

    struct Cell: Sendable, Equatable {
        /// 1-based, A = 1.
        var column: Int
        var text: String
        var kind: Kind
    }

    struct Row: Sendable, Equatable {
        /// 1-based, as Excel shows it.
        var number: Int
        var cells: [Cell]

        var isBlank: Bool { cells.allSatisfy { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }

        func cell(_ column: Int) -> Cell? { cells.first { $0.column == column } }
    }

    /// Rows that have at least one cell, in order.
    var rows: [Row]
    /// The workbook's date system (`workbookPr date1904`): serial 0 is 1904-01-01 rather than 1899-12-30.
    var date1904: Bool

    enum Failure: Error, Equatable {
        /// Not a readable .xlsx (the TemplateKit code, or "" for a missing workbook part), with a Chinese message.
        case file(code: String, message: String)
        /// More rows with content than allowed (counted while parsing, which stops there).
        case tooManyRows(limit: Int)
    }

    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Reads the first sheet; stops with `tooManyRows` once more than `maxRows` rows with content were seen. Throws
    /// only `Failure`.
    static func read(_ data: Data, maxRows: Int, limits: TemplateLimits = TemplateLimits()) throws -> XLSXSheet {
        do {
            return try readArchive(data, maxRows: maxRows, limits: limits)
        } catch {
            if let rejection = error as? TemplateRejection { throw Failure.file(code: rejection.code, message: rejection.message) }
            if let failure = error as? Failure { throw failure }
            throw Failure.file(code: "", message: "文件无法读取")
        }
    }

    private static func readArchive(_ data: Data, maxRows: Int, limits: TemplateLimits) throws -> XLSXSheet {
        let archive = try OfficeArchive(data, limits: limits)
        guard let workbookXML = try archive.xmlPart("xl/workbook.xml") else {
            throw Failure.file(code: "", message: "文件中没有工作簿（xl/workbook.xml），不是 Excel .xlsx 文件")
        }
        let workbook = WorkbookHandler()
        try parse(workbookXML, workbook, part: "xl/workbook.xml")
        guard let sheetRelationship = workbook.firstSheetRelationship else {
            throw Failure.file(code: "", message: "工作簿中没有工作表")
        }
        let relationships = RelationshipsHandler()
        if let relsXML = try archive.xmlPart("xl/_rels/workbook.xml.rels") {
            try parse(relsXML, relationships, part: "xl/_rels/workbook.xml.rels")
        }
        guard let target = relationships.targets[sheetRelationship] else {
            throw Failure.file(code: "", message: "找不到第一个工作表的内容（关系 \(sheetRelationship)）")
        }
        let sheetPart = partName(target)
        var strings: [String] = []
        let sharedPart = relationships.sharedStringsTarget.map(partName) ?? "xl/sharedStrings.xml"
        if let sharedXML = try archive.xmlPart(sharedPart) {
            let shared = SharedStringsHandler()
            try parse(sharedXML, shared, part: sharedPart)
            strings = shared.strings
        }
        guard let sheetXML = try archive.xmlPart(sheetPart) else {
            throw Failure.file(code: "", message: "找不到第一个工作表的内容（\(sheetPart)）")
        }
        let sheet = SheetHandler(sharedStrings: strings, maxRows: maxRows)
        try parse(sheetXML, sheet, part: sheetPart)
        if sheet.tooMany { throw Failure.tooManyRows(limit: maxRows) }
        return XLSXSheet(rows: sheet.rows, date1904: workbook.date1904)
    }

    /// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml" (from the package root).
    static func partName(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// Parses a part; a delegate that stopped on purpose is not a malformed file (the caller looks at it).
    static func parse(_ bytes: Data, _ delegate: some XMLParserDelegate & Aborting, part: String) throws {
        // A stream, as TemplateKit's parser does: libxml2 refuses one push chunk over 10 MB.
        let parser = XMLParser(stream: InputStream(data: bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let succeeded = parser.parse()
        if delegate.aborted { return }
        guard succeeded, parser.parserError == nil else {
            throw Failure.file(code: "TEMPLATE_XML_INVALID", message: "部件 \(part) 不是有效的 XML（第 \(max(parser.lineNumber, 1)) 行附近）")
        }
    }

    /// "B12" → 2 (the column of a cell reference), nil if it has no letters.
    static func column(of reference: String) -> Int? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        return letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    /// 2 → "B".
    static func letters(_ column: Int) -> String {
        var column = column
        var result = ""
        while column > 0 {
            let remainder = (column - 1) % 26
            result = String(UnicodeScalar(UInt8(65 + remainder))) + result
            column = (column - 1) / 26
        }
        return result
    }
}

/// The local part of an element name (with namespace processing it already is one; defensive, as in TemplateKit).
private func localName(_ name: String) -> String {
    name.split(separator: ":").last.map(String.init) ?? name
}

/// A delegate that may stop the parse on purpose (too many rows), which is not a malformed file.
protocol Aborting: AnyObject {
    var aborted: Bool { get }
}

/// xl/workbook.xml: the first `<sheet>`'s relationship id and the date system.
final class WorkbookHandler: NSObject, XMLParserDelegate, Aborting {
    var firstSheetRelationship: String?
    var date1904 = false
    let aborted = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "sheet" where firstSheetRelationship == nil:
            // The attribute is r:id with whatever prefix the writer bound to the relationships namespace.
            firstSheetRelationship = attributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
        default: break
        }
    }
}

/// xl/_rels/workbook.xml.rels: relationship id → target, and the shared strings part.
final class RelationshipsHandler: NSObject, XMLParserDelegate, Aborting {
    var targets: [String: String] = [:]
    var sharedStringsTarget: String?
    let aborted = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        guard localName(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        guard attributes["TargetMode"] != "External" else { return }
        targets[id] = target
        if attributes["Type"]?.hasSuffix("/sharedStrings") == true { sharedStringsTarget = target }
    }
}

/// xl/sharedStrings.xml: each `<si>`'s text, its runs joined, phonetic guides (`<rPh>`) left out.
final class SharedStringsHandler: NSObject, XMLParserDelegate, Aborting {
    var strings: [String] = []
    let aborted = false
    private var current: String?
    private var inText = false
    private var phoneticDepth = 0

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = current != nil && phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current? += string }
    }
}

/// A worksheet's `<row>`s and `<c>`ells.
final class SheetHandler: NSObject, XMLParserDelegate, Aborting {
    let sharedStrings: [String]
    let maxRows: Int
    var rows: [XLSXSheet.Row] = []
    private(set) var tooMany = false
    var aborted: Bool { tooMany }

    private var rowNumber = 0
    private var cells: [XLSXSheet.Cell] = []
    private var column = 0
    private var type = ""
    private var value = ""
    private var inlineText = ""
    private var inValue = false
    private var inInlineText = false
    private var phoneticDepth = 0

    init(sharedStrings: [String], maxRows: Int) {
        self.sharedStrings = sharedStrings
        self.maxRows = maxRows
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            column = attributes["r"].flatMap(XLSXSheet.column(of:)) ?? column + 1
            type = attributes["t"] ?? "n"
            value = ""
            inlineText = ""
        case "v": inValue = true
        case "rPh": phoneticDepth += 1
        case "t": inInlineText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": phoneticDepth -= 1
        case "c":
            if let cell = cell() { cells.append(cell) }
        case "row":
            let row = XLSXSheet.Row(number: rowNumber, cells: cells)
            guard !row.isBlank else { return }
            rows.append(row)
            // The header row and maxRows data rows; one more is too many, and the rest is not even parsed.
            if rows.count > maxRows + 1 {
                tooMany = true
                parser.abortParsing()
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string } else if inInlineText { inlineText += string }
    }

    private func cell() -> XLSXSheet.Cell? {
        switch type {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else { return nil }
            return .init(column: column, text: sharedStrings[index], kind: .text)
        case "inlineStr": return .init(column: column, text: inlineText, kind: .text)
        case "str", "d": return .init(column: column, text: value, kind: .text)
        case "b": return .init(column: column, text: value.trimmingCharacters(in: .whitespaces), kind: .boolean)
        case "e": return .init(column: column, text: value, kind: .error)
        default:
            let number = value.trimmingCharacters(in: .whitespaces)
            return number.isEmpty ? nil : .init(column: column, text: number, kind: .number)
        }
    }
}
