import ExcelFill
import FillCore
import FillTestSupport
import Foundation
import TemplateKit
import Testing

@Suite struct ExcelValueFillTests {
    static let sheet = XlsxFixture.Sheet(
        name: "证书",
        body:
            #"<dimension ref="A1:C4"/><sheetData><row r="1">\#(XlsxFixture.text("A1", "委托单位", style: 1))\#(XlsxFixture.text("B1", "«委托单位»", style: 2))</row>"#
            + #"<row r="2"><c r="A2" s="1" t="inlineStr"><is><t>示值</t></is></c><c r="B2" s="2"><f>1+1</f><v>2</v></c></row>"#
            + #"<row r="3"><c r="A3"><v>1</v></c></row></sheetData>"#)

    @Test("text as an inline string and numbers as <v>, styles kept, formula removed, calcChain dropped, fullCalcOnLoad set")
    func values() throws {
        let template = try XlsxFixture.make(
            sheets: [Self.sheet],
            names: [("client", "'证书'!$B$1"), ("indication", "证书!$B$2"), ("model", "证书!$C$3:$D$4"), ("serial", "证书!$B$3")], calcChain: true)
        let client = #"A&B <计量> "测试" 有限公司"#
        let data = FillData(values: ["Client": .text(client), "indication": .number("12.30"), "model": "YB-150", "extra": "x"])
        let filled = try ExcelFiller().fill(template: template, data: data)
        let book = try FilledWorkbook(filled.data)
        let cells = try book.cells()
        #expect(cells["B1"]?.value == client && cells["B1"]?.style == "2" && cells["B1"]?.type == "inlineStr")
        #expect(cells["B2"]?.value == "12.30" && cells["B2"]?.style == "2" && cells["B2"]?.type == nil)
        #expect(try book.xml("xl/worksheets/sheet1.xml").root.descendants().contains { $0.local == "f" } == false)
        // A range name writes its top-left cell, created in a new row between existing ones.
        #expect(cells["C3"]?.value == "YB-150")
        #expect(try book.rowNumbers() == ["1", "2", "3"])
        #expect(try book.string("xl/worksheets/sheet1.xml").contains(#"<dimension ref="A1:C3"/>"#))
        #expect(book.entries["xl/calcChain.xml"] == nil)
        #expect(try !book.string("[Content_Types].xml").contains("calcChain"))
        #expect(try !book.string("xl/_rels/workbook.xml.rels").contains("calcChain"))
        #expect(try book.xml("xl/workbook.xml").root.descendants().first { $0.local == "calcPr" }?.attribute("fullCalcOnLoad") == "1")
        #expect(filled.report.missing == ["serial"])
        #expect(filled.report.unused == ["extra"])
        #expect(Set(filled.report.filled) == ["client", "indication", "model"])
        _ = try checkReadable(filled.data)
    }

    @Test("only a plain decimal marked .number becomes a number cell; anything else is written as text")
    func numbers() throws {
        let template = try XlsxFixture.make(sheets: [Self.sheet], names: [("a", "证书!$A$3"), ("b", "证书!$B$3"), ("c", "证书!$C$3"), ("d", "证书!$D$3")])
        let data = FillData(values: ["a": .number("1E-3"), "b": .number("1.2.3"), "c": .number("0x10"), "d": .number("-12.50")])
        let cells = try FilledWorkbook(try ExcelFiller.fill(template: template, data: data).data).cells()
        #expect(cells["A3"]?.type == nil && cells["A3"]?.value == "1E-3")
        #expect(cells["B3"]?.type == "inlineStr" && cells["C3"]?.type == "inlineStr")
        #expect(cells["D3"]?.type == nil && cells["D3"]?.value == "-12.50")
    }

    @Test("a name pointing nowhere that has a value is refused with TEMPLATE_FILL_BAD_REFERENCE; without a value it is reported missing")
    func badReference() throws {
        let template = try XlsxFixture.make(sheets: [Self.sheet], names: [("client", "#REF!")])
        #expect(try ExcelFiller().fill(template: template, data: FillData()).report.missing == ["client"])
        do {
            _ = try ExcelFiller().fill(template: template, data: FillData(values: ["client": "x"]))
            Issue.record("accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_BAD_REFERENCE")
        }
    }

    @Test("pictures: a drawing part anchored at the named cells, linked from the sheet, png and drawing types registered")
    func pictures() throws {
        let body =
            #"<sheetData><row r="1">\#(XlsxFixture.text("A1", "检定员"))</row><row r="2" ht="60" customHeight="1"><c r="B2" s="2"/></row></sheetData>"#
            + #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        let template = try XlsxFixture.make(
            sheets: [XlsxFixture.Sheet(name: "Sheet1", body: body)],
            names: [
                ("SIGN_TESTER", "Sheet1!$B$2"), ("SIGN_REVIEWER", "Sheet1!$C$2"), ("SIGN_APPROVER", "Sheet1!$D$2"), ("SEAL", "Sheet1!$E$2"),
                ("QR_CODE", "Sheet1!$F$2"),
            ])
        let signature = TestPNG.signature()
        let filled = try ExcelFiller().fill(
            template: template,
            data: FillData(images: [
                "SIGN_TESTER": FillImage(png: signature, widthMM: 30, caption: ["张三", "2026-12-02"]),
                "SIGN_REVIEWER": FillImage(png: signature, widthMM: 30), "SIGN_APPROVER": FillImage(png: signature, widthMM: 30),
                "SEAL": FillImage(png: TestPNG.seal(), widthMM: 40), "QR_CODE": FillImage(png: TestPNG.qr(), widthMM: 25),
            ]))
        let book = try FilledWorkbook(filled.data)
        let sheet = try book.xml("xl/worksheets/sheet1.xml").root
        let drawing = try #require(sheet.elements.first { $0.local == "drawing" })
        // After pageMargins, as CT_Worksheet orders them.
        #expect(sheet.elements.last?.local == "drawing")
        let rels = try book.xml("xl/worksheets/_rels/sheet1.xml.rels").root.elements
        let target = try #require(rels.first { $0.attribute("Id") == drawing.attribute("r:id") }?.attribute("Target"))
        #expect(target == "../drawings/drawing1.xml")
        let anchors = try book.xml("xl/drawings/drawing1.xml").root.elements.filter { $0.local == "oneCellAnchor" }
        #expect(anchors.count == 5)
        let columns = anchors.compactMap { $0.descendants().first { $0.local == "col" }?.textContent }
        let rows = anchors.compactMap { $0.descendants().first { $0.local == "row" }?.textContent }
        #expect(Set(columns) == ["1", "2", "3", "4", "5"] && Set(rows) == ["1"])
        let extents = anchors.compactMap { $0.elements.first { $0.local == "ext" } }.map { $0.attribute("cx") ?? "" }
        #expect(extents.contains("1440000") && extents.contains("900000"))
        let drawingRels = try book.xml("xl/drawings/_rels/drawing1.xml.rels").root.elements
        #expect(drawingRels.count == 5)
        #expect(
            drawingRels.allSatisfy {
                book.entries["xl/drawings/" + ($0.attribute("Target") ?? "")] != nil
                    || book.entries["xl/" + String(($0.attribute("Target") ?? "").dropFirst(3))] != nil
            })
        let types = try book.string("[Content_Types].xml")
        #expect(
            types.contains(
                #"<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>"#))
        #expect(types.contains(#"Extension="png""#))
        #expect(try book.cells()["B2"]?.value == "张三 2026-12-02")
        _ = try checkReadable(filled.data)
    }
}
