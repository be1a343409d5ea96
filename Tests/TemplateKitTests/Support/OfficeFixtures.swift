import Foundation

@testable import TemplateKit

/// Minimal but valid Office packages, written part by part.
enum OOXML {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let docxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    static let xlsxMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#

    static func contentTypes(_ overrides: [(String, String)]) -> Data {
        let items = overrides.map { #"<Override PartName="/\#($0.0)" ContentType="\#($0.1)"/>"# }.joined()
        return Data(
            (declaration
                + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
                + items + "</Types>").utf8)
    }

    static func relationships(_ items: [(type: String, target: String, external: Bool)]) -> Data {
        let body = items.enumerated().map { index, item in
            #"<Relationship Id="rId\#(index + 1)" Type="\#(item.type)" Target="\#(item.target)"\#(item.external ? #" TargetMode="External""# : "")/>"#
        }.joined()
        return Data(
            (declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + body + "</Relationships>").utf8)
    }

    /// A paragraph holding bookmark `name` around `text`.
    static func bookmarkParagraph(_ id: Int, _ name: String, _ text: String = "«值»") -> String {
        "<w:p>" + bookmark(id, name, text) + "</w:p>"
    }

    static func bookmark(_ id: Int, _ name: String, _ text: String = "«值»") -> String {
        #"<w:bookmarkStart w:id="\#(id)" w:name="\#(name)"/><w:r><w:t>\#(text)</w:t></w:r><w:bookmarkEnd w:id="\#(id)"/>"#
    }

    /// A table row whose cells hold the given bookmarks.
    static func row(_ cells: [String]) -> String {
        "<w:tr>" + cells.map { "<w:tc><w:p>\($0)</w:p></w:tc>" }.joined() + "</w:tr>"
    }
}

/// A .docx under construction.
struct DocxFixture {
    var body: String
    /// word/headerN.xml → paragraphs of the header.
    var headers: [(String, String)] = []
    var mainContentType = OOXML.docxMain
    var extraParts: [(String, Data)] = []
    var extraOverrides: [(String, String)] = []
    var documentRelationships: [(type: String, target: String, external: Bool)] = []
    var documentAttributes = ""

    var documentXML: String {
        OOXML.declaration + #"<w:document xmlns:w="\#(OOXML.w)"\#(documentAttributes)><w:body>"# + body + "</w:body></w:document>"
    }

    var parts: [(String, Data)] {
        var overrides = [("word/document.xml", mainContentType)]
        overrides += headers.map { ($0.0, "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml") }
        overrides += extraOverrides
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", OOXML.contentTypes(overrides)),
            ("_rels/.rels", OOXML.relationships([(OOXML.officeDocument, "word/document.xml", false)])),
            ("word/document.xml", Data(documentXML.utf8)),
        ]
        if !documentRelationships.isEmpty { parts.append(("word/_rels/document.xml.rels", OOXML.relationships(documentRelationships))) }
        for (name, content) in headers {
            parts.append((name, Data((OOXML.declaration + #"<w:hdr xmlns:w="\#(OOXML.w)">"# + content + "</w:hdr>").utf8)))
        }
        return parts + extraParts
    }

    func data() throws -> Data { try ZipBuilder.make(parts) }

    /// The worked example of Docs/templates.md: header fields, a bookmark whose placeholder Word split over three
    /// runs, Word's _GoBack, a readings table with a repeated row, signatures, and CERT_NO in the header.
    static var certificate: DocxFixture {
        let splitAcrossRuns =
            #"<w:p><w:r><w:t xml:space="preserve">委托单位：</w:t></w:r><w:bookmarkStart w:id="1" w:name="client"/>"#
            + #"<w:r><w:t>«委</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>托单</w:t></w:r>"#
            + #"<w:proofErr w:type="spellEnd"/><w:r w:rsidR="00A1"><w:t>位»</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>"#
        let goBack =
            #"<w:p><w:bookmarkStart w:id="2" w:name="_GoBack"/><w:bookmarkEnd w:id="2"/><w:r><w:t>型号：</w:t></w:r>"#
            + OOXML.bookmark(3, "model") + "</w:p>"
        let table =
            "<w:tbl>" + OOXML.row(["<w:r><w:t>检测点</w:t></w:r>", "<w:r><w:t>次数</w:t></w:r>", "<w:r><w:t>读数</w:t></w:r>"])
            + OOXML.row([
                OOXML.bookmark(10, "ROW_readings", "") + OOXML.bookmark(11, "readings_point", "«点»"), OOXML.bookmark(12, "readings_run", "«次»"),
                OOXML.bookmark(13, "readings.value", "«读数»"),
            ]) + "</w:tbl>"
        let signatures =
            "<w:p>" + OOXML.bookmark(20, "SIGN_TESTER") + OOXML.bookmark(21, "sign_reviewer") + OOXML.bookmark(22, "SIGN_APPROVER")
            + OOXML.bookmark(23, "SEAL") + OOXML.bookmark(24, "QR_CODE") + "</w:p>"
        var fixture = DocxFixture(body: splitAcrossRuns + goBack + table + OOXML.bookmarkParagraph(30, "conclusion") + signatures)
        fixture.headers = [("word/header1.xml", "<w:p><w:r><w:t>证书编号：</w:t></w:r>" + OOXML.bookmark(40, "CERT_NO", "«编号»") + "</w:p>")]
        return fixture
    }
}

/// A .xlsx under construction.
struct XlsxFixture {
    var sheets = ["Sheet1"]
    /// (name, reference, extra attributes)
    var names: [(String, String, String)]
    var mainContentType = OOXML.xlsxMain
    var extraParts: [(String, Data)] = []

    var workbookXML: String {
        let sheetXML = sheets.enumerated().map { #"<sheet name="\#($1)" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
        let nameXML = names.map { #"<definedName name="\#($0.0)"\#($0.2)>\#($0.1)</definedName>"# }.joined()
        return OOXML.declaration
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + "<sheets>\(sheetXML)</sheets><definedNames>\(nameXML)</definedNames></workbook>"
    }

    var parts: [(String, Data)] {
        let sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        var overrides = [("xl/workbook.xml", mainContentType)]
        overrides += sheets.indices.map { ("xl/worksheets/sheet\($0 + 1).xml", sheetType) }
        let worksheet = Data(
            (OOXML.declaration + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#).utf8)
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", OOXML.contentTypes(overrides)),
            ("_rels/.rels", OOXML.relationships([(OOXML.officeDocument, "xl/workbook.xml", false)])),
            ("xl/workbook.xml", Data(workbookXML.utf8)),
            (
                "xl/_rels/workbook.xml.rels",
                OOXML.relationships(
                    sheets.indices.map {
                        ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet\($0 + 1).xml", false)
                    })
            ),
        ]
        parts += sheets.indices.map { ("xl/worksheets/sheet\($0 + 1).xml", worksheet) }
        return parts + extraParts
    }

    func data() throws -> Data { try ZipBuilder.make(parts) }

    static var certificate: XlsxFixture {
        XlsxFixture(
            sheets: ["Sheet1", "签字页"],
            names: [
                ("client", "Sheet1!$B$3", ""),
                ("_xlnm.Print_Area", "Sheet1!$A$1:$F$40", #" localSheetId="0""#),
                ("ROW_readings", "Sheet1!$5:$5", ""),
                ("readings.point", "Sheet1!$A$5", ""),
                ("readings.run", "Sheet1!$B$5", ""),
                ("readings.value", "Sheet1!$C$5", ""),
                ("CERT_NO", "'签字页'!$B$1", ""),
                ("SIGN_TESTER", "签字页!$B$10:$C$10", ""),
                ("hiddenHelper", "Sheet1!$Z$1", #" hidden="1""#),
            ])
    }
}

/// Shorthand for running the inspector and capturing a refusal.
func rejection(_ data: Data, _ format: TemplateFormat = .docx, limits: TemplateLimits = .init()) -> TemplateRejection? {
    do {
        _ = try TemplateInspector(limits: limits).inspect(data, declared: format)
        return nil
    } catch {
        return error
    }
}
