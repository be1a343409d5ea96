import FillCore
import Foundation
import TemplateKit
import Testing
import WordFill

@Suite struct WordBookmarkFillTests {
    @Test("a placeholder split over three runs is replaced as a whole, keeping the first run's formatting; XML escaped")
    func splitRuns() throws {
        let body = W.p(
            W.r("委托单位：")
                + W.bookmark("client", 1, W.r("«委", "<w:b/><w:sz w:val=\"28\"/>") + W.r("托单", "<w:i/>") + W.r("位»")) + W.r("（盖章）"))
        let template = try DocxFixture.make(body: body)
        let value = #"A&B <计量> "测试" 'x' 有限公司"#
        // A control character XML cannot carry is dropped rather than making the part unreadable.
        let filled = try WordFiller.fill(template: template, data: FillData(values: ["CLIENT": .text(value + "\u{1}")]))
        let package = try FilledPackage(filled.data)
        let paragraph = try #require(try package.all("p", in: "word/document.xml").first)
        #expect(paragraph.wordText == "委托单位：\(value)（盖章）")
        let runs = paragraph.all("r")
        #expect(runs.count == 3)
        let filledRun = runs[1]
        #expect(filledRun.wordText == value)
        #expect(filledRun.all("b").count == 1)
        #expect(filledRun.all("sz").first?.attribute("w:val") == "28")
        #expect(filledRun.all("i").isEmpty)
        // The bookmark stays, around the new content.
        #expect(try package.all("bookmarkStart", in: "word/document.xml").map { $0.attribute("w:name") } == ["client"])
        #expect(try package.string("word/document.xml").contains("A&amp;B &lt;计量&gt;"))
        #expect(filled.report.filled == ["client"])
        _ = try checkReadable(filled.data, .docx)
    }

    @Test("bookmarks in a table cell, in the header and in the footer are filled; newlines become w:br")
    func cellsHeadersFooters() throws {
        let table = W.table(
            [W.tr([W.tc(W.r("型号")), W.tc(W.p(W.bookmark("model", 2, W.r("«型号»", "<w:u w:val=\"single\"/>"))))])], widths: [2400, 4800])
        let template = try DocxFixture.make(
            body: table + W.p(W.r("结论：") + W.bookmark("conclusion", 3, W.r("«结论»"))),
            headers: [W.p(W.r("证书编号：") + W.bookmark("CERT_NO", 10, W.r("«编号»")))],
            footers: [W.p(W.r("原始记录号：") + W.bookmark("record_no", 11, W.r("«记录»")))])
        let data = FillData(values: ["model": "YB-150\t1.6 级", "conclusion": "合格\n准予使用", "CERT_NO": "JD2026-000123", "RECORD_NO": "YS-0042"])
        let filled = try WordFiller().fill(template: template, data: data)
        let package = try FilledPackage(filled.data)
        let cell = try #require(try package.all("tc", in: "word/document.xml").last)
        #expect(cell.wordText == "YB-150\t1.6 级")
        #expect(cell.all("u").count == 1)
        let body = try package.all("p", in: "word/document.xml").map(\.wordText)
        #expect(body.contains("结论：合格\n准予使用"))
        #expect(try package.xml("word/header1.xml").root.wordText == "证书编号：JD2026-000123")
        #expect(try package.xml("word/footer1.xml").root.wordText == "原始记录号：YS-0042")
        #expect(Set(filled.report.filled) == ["model", "conclusion", "CERT_NO", "record_no"])
        #expect(filled.report.missing.isEmpty && filled.report.unused.isEmpty)
    }

    @Test("an empty bookmark takes the run before it; missing values are cleared and reported; unused data is reported")
    func emptyAndMissing() throws {
        let body =
            W.p(W.r("型号：", "<w:b/>") + W.start("model", 1) + W.end(1))
            + W.p(W.r("出厂编号：") + W.bookmark("serial", 2, W.r("«出厂编号»")))
        let template = try DocxFixture.make(body: body)
        let filled = try WordFiller().fill(template: template, data: FillData(values: ["model": "M1", "unused_item": "x"]))
        let package = try FilledPackage(filled.data)
        let paragraphs = try package.all("p", in: "word/document.xml")
        #expect(paragraphs[0].wordText == "型号：M1")
        #expect(paragraphs[0].all("r").last?.all("b").count == 1)
        #expect(paragraphs[1].wordText == "出厂编号：")
        #expect(filled.report.missing == ["serial"])
        #expect(filled.report.unused == ["unused_item"])
    }

    @Test("a bookmark whose start and end lie in different paragraphs replaces the runs in between")
    func acrossParagraphs() throws {
        let body = W.p(W.r("A") + W.start("note", 5) + W.r("旧1")) + W.p(W.r("旧2") + W.end(5) + W.r("B"))
        let filled = try WordFiller().fill(template: try DocxFixture.make(body: body), data: FillData(values: ["note": "新"]))
        let texts = try FilledPackage(filled.data).all("p", in: "word/document.xml").map(\.wordText)
        #expect(texts == ["A新", "B"])
    }

    @Test("a bookmark without a matching end (end before start) inserts its value and removes nothing after it")
    func endBeforeStart() throws {
        let body = W.p(W.end(4) + W.r("前") + W.start("model", 4) + W.r("后")) + W.p(W.r("下一段"))
        let filled = try WordFiller().fill(template: try DocxFixture.make(body: body), data: FillData(values: ["model": "值"]))
        #expect(try FilledPackage(filled.data).all("p", in: "word/document.xml").map(\.wordText) == ["前值后", "下一段"])
    }

    @Test("refusals: not a zip → TEMPLATE_FILL_TEMPLATE_INVALID; broken XML → TEMPLATE_FILL_XML_INVALID; a DOCTYPE too")
    func refusals() throws {
        #expect(throws: FillError.self) { try WordFiller().fill(template: Data("PK no zip".utf8), data: FillData()) }
        do {
            _ = try WordFiller().fill(template: Data("not a zip".utf8), data: FillData())
        } catch {
            #expect(error.code == "TEMPLATE_FILL_TEMPLATE_INVALID")
        }
        let broken = try DocxFixture.make(body: "<w:p><w:r></w:p>")
        do {
            _ = try WordFiller().fill(template: broken, data: FillData())
            Issue.record("broken XML accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_XML_INVALID")
        }
        let entity = try DocxFixture.make(body: W.p(W.r("x"))).replacingPart(
            "word/document.xml", with: #"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><w:document xmlns:w="\#(DocxFixture.w)"/>"#)
        do {
            _ = try WordFiller().fill(template: entity, data: FillData())
            Issue.record("DOCTYPE accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_XML_INVALID")
            #expect(error.message.contains("DOCTYPE"))
        }
    }

    @Test("limits: too many rows → TEMPLATE_FILL_TOO_LARGE before any work")
    func limits() throws {
        let template = try DocxFixture.make(body: W.p(W.r("x")))
        let rows = Array(repeating: ["value": FillValue.text("1")], count: 3)
        do {
            _ = try WordFiller(limits: FillLimits(maxRowsPerTable: 2)).fill(template: template, data: FillData(tables: ["readings": rows]))
            Issue.record("limit not applied")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_TOO_LARGE")
        }
    }
}
