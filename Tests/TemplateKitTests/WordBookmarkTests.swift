import Foundation
import Testing

@testable import TemplateKit

/// Bookmarks of a .docx: where they are, what they are, and that Word's run splitting does not matter.
@Suite struct WordBookmarkTests {
    func inspect(_ fixture: DocxFixture) throws -> TemplateInspection {
        try TemplateInspector().inspect(try fixture.data(), declared: .docx)
    }

    func field(_ inspection: TemplateInspection, _ name: String) throws -> TemplateField {
        try #require(inspection.bookmarks.first { $0.name == name })
    }

    @Test func listsBodyThenHeaderBookmarksAndSkipsWordsOwn() throws {
        let inspection = try inspect(.certificate)
        #expect(
            inspection.bookmarks.map(\.name) == [
                "client", "model", "ROW_readings", "readings_point", "readings_run", "readings.value", "conclusion", "SIGN_TESTER",
                "sign_reviewer", "SIGN_APPROVER", "SEAL", "QR_CODE", "CERT_NO",
            ])
        #expect(!inspection.bookmarks.contains { $0.name.hasPrefix("_") })
    }

    @Test func aPlaceholderSplitAcrossRunsIsOneBookmark() throws {
        let client = try field(try inspect(.certificate), "client")
        #expect(client.placeholder == "«委托单位»")
        #expect(client.location == "正文第 1 段")
        #expect(client.kind == .value)
    }

    @Test func locationsNameParagraphTableRowAndHeader() throws {
        let inspection = try inspect(.certificate)
        #expect(try field(inspection, "model").location == "正文第 2 段")
        #expect(try field(inspection, "ROW_readings").location == "表格 1 第 2 行")
        #expect(try field(inspection, "conclusion").location == "正文第 3 段")
        let certificateNumber = try field(inspection, "CERT_NO")
        #expect(certificateNumber.location == "页眉第 1 段")
        #expect(certificateNumber.reservedRole == .certificateNumber)
        #expect(certificateNumber.placeholder == "«编号»")
    }

    @Test func repeatingRowAndItsColumnsShareARow() throws {
        let inspection = try inspect(.certificate)
        let row = try field(inspection, "ROW_readings")
        #expect(row.kind == .repeatingRow(table: "readings"))
        #expect(row.row == TemplateRowPosition(scope: "word/document.xml", table: 1, row: 2))
        #expect(try field(inspection, "readings_point").kind == .column(table: "readings", column: "point"))
        #expect(try field(inspection, "readings_run").row == row.row)
        #expect(try field(inspection, "readings.value").kind == .column(table: "readings", column: "value"))
    }

    @Test func reservedNamesAreCaseInsensitive() throws {
        let reviewer = try field(try inspect(.certificate), "sign_reviewer")
        #expect(reviewer.isReserved)
        #expect(reviewer.reservedRole == .signReviewer)
    }

    @Test func aRowBookmarkOutsideATableHasNoRow() throws {
        let fixture = DocxFixture(body: OOXML.bookmarkParagraph(1, "ROW_readings", ""))
        let row = try field(try inspect(fixture), "ROW_readings")
        #expect(row.kind == .repeatingRow(table: "readings"))
        #expect(row.row == nil)
        #expect(row.location == "正文第 1 段")
    }

    @Test func aBookmarkWrittenDirectlyInTheTableBelongsToTheNextRow() throws {
        let body =
            #"<w:tbl><w:bookmarkStart w:id="1" w:name="ROW_readings" w:colFirst="0" w:colLast="2"/>"# + OOXML.row(["<w:r><w:t>a</w:t></w:r>"])
            + #"<w:bookmarkEnd w:id="1"/></w:tbl>"#
        let row = try field(try inspect(DocxFixture(body: body)), "ROW_readings")
        #expect(row.row == TemplateRowPosition(scope: "word/document.xml", table: 1, row: 1))
        #expect(row.location == "表格 1 第 1 行")
    }

    @Test func nestedTablesUseTheInnermostRow() throws {
        let inner = "<w:tbl>" + OOXML.row(["x"]) + OOXML.row([OOXML.bookmark(1, "ROW_readings", "")]) + "</w:tbl>"
        let body = "<w:tbl><w:tr><w:tc>" + inner + "<w:p/></w:tc></w:tr></w:tbl>"
        let row = try field(try inspect(DocxFixture(body: body)), "ROW_readings")
        #expect(row.row == TemplateRowPosition(scope: "word/document.xml", table: 2, row: 2))
    }

    @Test func anyNamespacePrefixWorks() throws {
        let document =
            OOXML.declaration + #"<ns0:document xmlns:ns0="\#(OOXML.w)"><ns0:body><ns0:p>"#
            + #"<ns0:bookmarkStart ns0:name="model" ns0:id="7"/><ns0:r><ns0:t>x</ns0:t></ns0:r><ns0:bookmarkEnd ns0:id="7"/>"#
            + "</ns0:p></ns0:body></ns0:document>"
        var fixture = DocxFixture(body: "")
        fixture.extraParts = []
        var parts = fixture.parts
        parts[2] = ("word/document.xml", Data(document.utf8))
        let inspection = try TemplateInspector().inspect(try ZipBuilder.make(parts), declared: .docx)
        #expect(inspection.bookmarks.map(\.name) == ["model"])
        #expect(inspection.bookmarks.first?.placeholder == "x")
    }

    @Test func strictOpenXMLNamespaceIsRead() throws {
        let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
        let document =
            OOXML.declaration + #"<w:document xmlns:w="\#(strict)"><w:body>"# + OOXML.bookmarkParagraph(1, "model") + "</w:body></w:document>"
        var parts = DocxFixture(body: "").parts
        parts[2] = ("word/document.xml", Data(document.utf8))
        let inspection = try TemplateInspector().inspect(try ZipBuilder.make(parts), declared: .docx)
        #expect(inspection.bookmarks.map(\.name) == ["model"])
    }

    @Test func textBoxFallbackIsNotCountedTwice() throws {
        let mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
        var fixture = DocxFixture(
            body: #"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>"# + OOXML.bookmarkParagraph(1, "model")
                + "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>" + OOXML.bookmarkParagraph(2, "model")
                + "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>")
        fixture.documentAttributes = #" xmlns:mc="\#(mc)""#
        #expect(try inspect(fixture).bookmarks.map(\.name) == ["model"])
    }

    @Test func headersAndFootersAreReadInNaturalOrder() throws {
        var fixture = DocxFixture(body: OOXML.bookmarkParagraph(1, "model"))
        fixture.headers = [
            ("word/header10.xml", OOXML.bookmarkParagraph(3, "b")), ("word/header2.xml", OOXML.bookmarkParagraph(2, "a")),
        ]
        var footer = fixture.parts.first { $0.0 == "word/header2.xml" }!
        footer.0 = "word/footer1.xml"
        fixture.extraParts = [footer]
        let inspection = try inspect(fixture)
        #expect(inspection.bookmarks.map(\.location) == ["正文第 1 段", "第 1 个页眉第 1 段", "第 2 个页眉第 1 段", "页脚第 1 段"])
    }
}
