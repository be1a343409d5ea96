import FillCore
import Foundation
import TemplateKit
import Testing
import ZIPFoundation

/// Minimal .xlsx packages written in the test: workbook, sheets (each given as the XML between `<worksheet>` and
/// `</worksheet>`), defined names, a small style sheet (0 plain, 1 bold, 2 bordered, 3 bordered centred, 4 big
/// bold title, 5 bottom rule, 6 centred at the bottom), optional extra parts.
enum XlsxFixture {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    struct Sheet {
        var name: String
        /// Children of `<worksheet>`: at least `<sheetData>…</sheetData>`.
        var body: String
        var rels: [String] = []
    }

    static func make(
        sheets: [Sheet], names: [(String, String)], extraParts: [(String, Data)] = [], extraOverrides: [(String, String)] = [],
        calcChain: Bool = false
    )
        throws -> Data
    {
        var overrides = [
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ]
        var workbookRels = [#"<Relationship Id="rIdS" Type="\#(r)/styles" Target="styles.xml"/>"#]
        var entries: [(String, Data)] = []
        var sheetList = ""
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            overrides.append(("/xl/worksheets/sheet\(number).xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
            workbookRels.append(#"<Relationship Id="rId\#(number)" Type="\#(r)/worksheet" Target="worksheets/sheet\#(number).xml"/>"#)
            sheetList += #"<sheet name="\#(sheet.name)" sheetId="\#(number)" r:id="rId\#(number)"/>"#
            entries.append(
                (
                    "xl/worksheets/sheet\(number).xml",
                    Data(
                        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="\#(main)" xmlns:r="\#(r)">\#(sheet.body)</worksheet>"#
                            .utf8)
                ))
            if !sheet.rels.isEmpty {
                entries.append(("xl/worksheets/_rels/sheet\(number).xml.rels", Data(rels(sheet.rels).utf8)))
            }
        }
        if calcChain {
            overrides.append(("/xl/calcChain.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"))
            workbookRels.append(#"<Relationship Id="rIdC" Type="\#(r)/calcChain" Target="calcChain.xml"/>"#)
            entries.append(
                ("xl/calcChain.xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="\#(main)"><c r="B2" i="1"/></calcChain>"#.utf8)))
        }
        overrides += extraOverrides
        let definedNames =
            names.isEmpty ? "" : "<definedNames>" + names.map { #"<definedName name="\#($0.0)">\#($0.1)</definedName>"# }.joined() + "</definedNames>"
        let workbook =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="\#(main)" xmlns:r="\#(r)"><bookViews><workbookView/></bookViews><sheets>\#(sheetList)</sheets>\#(definedNames)<calcPr calcId="191029"/></workbook>"#
        let types =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
            + overrides.map { #"<Override PartName="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined() + "</Types>"
        entries =
            [
                ("[Content_Types].xml", Data(types.utf8)),
                ("_rels/.rels", Data(rels([#"<Relationship Id="rId1" Type="\#(r)/officeDocument" Target="xl/workbook.xml"/>"#]).utf8)),
                ("xl/workbook.xml", Data(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Data(rels(workbookRels).utf8)),
                ("xl/styles.xml", Data(styles.utf8)),
            ] + entries + extraParts
        return try zip(entries)
    }

    static func rels(_ items: [String]) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + items.joined() + "</Relationships>"
    }

    static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="Noto Sans CJK SC"/></font><font><b/><sz val="11"/><name val="Noto Sans CJK SC"/></font><font><b/><sz val="18"/><name val="Noto Sans CJK SC"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border><border><left/><right/><top/><bottom style="thin"/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="2" xfId="0" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" vertical="bottom"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#

    static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func entries(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive {
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            result[entry.path] = content
        }
        return result
    }

    /// `<c r="B3" s="2" t="inlineStr"><is><t>text</t></is></c>`
    static func text(_ ref: String, _ text: String, style: Int = 0) -> String {
        #"<c r="\#(ref)" s="\#(style)" t="inlineStr"><is><t>\#(text)</t></is></c>"#
    }
}

/// A filled workbook opened for assertions (cells by reference, defined names, parts).
struct FilledWorkbook {
    let entries: [String: Data]

    init(_ data: Data) throws {
        entries = try XlsxFixture.entries(data)
    }

    func xml(_ part: String) throws -> XDocument {
        try XDocument.parse(try #require(entries[part], "part \(part) missing"), part: part)
    }

    func string(_ part: String) throws -> String { String(decoding: try #require(entries[part]), as: UTF8.self) }

    /// Cell reference → (shown text or number, style, type) for a sheet.
    func cells(_ sheet: Int = 1) throws -> [String: (value: String, style: String?, type: String?)] {
        var result: [String: (String, String?, String?)] = [:]
        for cell in try xml("xl/worksheets/sheet\(sheet).xml").root.descendants() where cell.local == "c" {
            let value = cell.elements.first { $0.local == "is" }?.textContent ?? cell.elements.first { $0.local == "v" }?.textContent ?? ""
            result[cell.attribute("r") ?? ""] = (value, cell.attribute("s"), cell.attribute("t"))
        }
        return result
    }

    func rowNumbers(_ sheet: Int = 1) throws -> [String] {
        try xml("xl/worksheets/sheet\(sheet).xml").root.descendants().filter { $0.local == "row" }.compactMap { $0.attribute("r") }
    }

    func definedNames() throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try xml("xl/workbook.xml").root.descendants() where name.local == "definedName" {
            result[name.attribute("name") ?? ""] = name.textContent
        }
        return result
    }
}

func checkReadable(_ data: Data) throws -> TemplateInspection {
    try TemplateInspector().inspect(data, declared: .xlsx)
}
