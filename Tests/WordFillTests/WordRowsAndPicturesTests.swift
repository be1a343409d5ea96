import FillCore
import FillTestSupport
import Foundation
import TemplateKit
import Testing
import WordFill

@Suite struct WordRowsAndPicturesTests {
    /// Header row, then the sample row: ROW_readings in the first cell with the point column, run, value + "mm".
    static func readingsTable(extraBookmarkInRow: String = "") -> String {
        W.table(
            [
                W.tr([W.tc(W.r("检测点")), W.tc(W.r("次数")), W.tc(W.r("读数"))]),
                W.tr([
                    W.tc(W.p(W.start("ROW_readings", 20) + W.bookmark("readings_point", 21, W.r("«点»", "<w:b/>")) + W.end(20))),
                    W.tc(W.p(W.bookmark("readings_run", 22, W.r("«次»")) + extraBookmarkInRow)),
                    W.tc(W.p(W.bookmark("Readings_Value", 23, W.r("«读数»")) + W.r(" mm"))),
                ]),
                W.tr([W.tc(W.r("备注")), W.tc(W.r("")), W.tc(W.r(""))]),
            ], widths: [2400, 2400, 2400])
    }

    static let rows: [[String: FillValue]] = [
        ["point": "0 MPa", "run": "1", "value": .number("0.000")],
        ["point": "0 MPa", "run": "2", "value": "0.001"],
        ["POINT": "1.6 MPa", "run": "1", "value": "1.602"],
    ]

    @Test("three readings: the sample row is repeated three times with the row's values; no bookmark name or id is duplicated")
    func threeRows() throws {
        let template = try DocxFixture.make(body: Self.readingsTable(extraBookmarkInRow: W.bookmark("unit", 30, W.r("«单位»"))))
        let filled = try WordFiller().fill(template: template, data: FillData(values: ["unit": "次"], tables: ["readings": Self.rows]))
        let package = try FilledPackage(filled.data)
        let rows = try package.all("tr", in: "word/document.xml")
        #expect(rows.count == 5)
        #expect(
            rows.map { $0.all("tc").map(\.wordText) } == [
                ["检测点", "次数", "读数"],
                ["0 MPa", "1次", "0.000 mm"],
                ["0 MPa", "2次", "0.001 mm"],
                ["1.6 MPa", "1次", "1.602 mm"],
                ["备注", "", ""],
            ])
        // The point column keeps its bold run formatting in every copy.
        #expect(rows[1...3].allSatisfy { $0.all("tc")[0].all("b").count == 1 })
        let starts = try package.all("bookmarkStart", in: "word/document.xml")
        let ends = try package.all("bookmarkEnd", in: "word/document.xml")
        #expect(starts.isEmpty && ends.isEmpty)
        #expect(filled.report.filled.contains("ROW_readings") && filled.report.filled.contains("Readings_Value"))
        #expect(filled.report.missing.isEmpty)
        let inspection = try checkReadable(filled.data, .docx)
        #expect(inspection.bookmarks.isEmpty)
    }

    @Test("zero readings remove the sample row; other bookmarks still unique")
    func zeroRows() throws {
        let body = W.p(W.bookmark("client", 1, W.r("«委托单位»"))) + Self.readingsTable()
        let filled = try WordFiller().fill(
            template: try DocxFixture.make(body: body), data: FillData(values: ["client": "甲"], tables: ["readings": []]))
        let package = try FilledPackage(filled.data)
        let rows = try package.all("tr", in: "word/document.xml")
        #expect(rows.map { $0.all("tc").first?.wordText } == ["检测点", "备注"])
        #expect(try package.all("bookmarkStart", in: "word/document.xml").compactMap { $0.attribute("w:name") } == ["client"])
        #expect(try package.all("bookmarkEnd", in: "word/document.xml").compactMap { $0.attribute("w:id") } == ["1"])
    }

    @Test("two tables repeated in one row: as many copies as the longer one, the shorter one's columns empty after its end")
    func twoTablesInOneRow() throws {
        let row = W.tr([
            W.tc(W.p(W.start("ROW_up", 1) + W.end(1) + W.bookmark("up_value", 2, W.r("«升»")))),
            W.tc(W.p(W.start("ROW_down", 3) + W.end(3) + W.bookmark("down_value", 4, W.r("«降»")))),
        ])
        let template = try DocxFixture.make(body: W.table([W.tr([W.tc(W.r("升")), W.tc(W.r("降"))]), row], widths: [2400, 2400]))
        let data = FillData(tables: ["up": [["value": "1"], ["value": "2"], ["value": "3"]], "DOWN": [["value": "9"]]])
        let filled = try WordFiller().fill(template: template, data: data)
        let rows = try FilledPackage(filled.data).all("tr", in: "word/document.xml").map { $0.all("tc").map(\.wordText) }
        #expect(rows == [["升", "降"], ["1", "9"], ["2", ""], ["3", ""]])
        #expect(filled.report.unused.isEmpty)
    }

    @Test("a ROW_ bookmark outside a table row is refused with TEMPLATE_FILL_ROW_NOT_IN_TABLE")
    func rowOutsideTable() throws {
        let template = try DocxFixture.make(body: W.p(W.bookmark("ROW_readings", 1, W.r("x"))))
        do {
            _ = try WordFiller().fill(template: template, data: FillData(tables: ["readings": Self.rows]))
            Issue.record("accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_ROW_NOT_IN_TABLE")
        }
    }

    @Test("a ROW_ bookmark Word wrote directly inside w:tbl repeats the next row")
    func rowMarkerBetweenRows() throws {
        let table =
            #"<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>"# + W.tr([W.tc(W.r("头"))]) + W.start("ROW_t", 7)
            + W.tr([W.tc(W.p(W.bookmark("t_v", 8, W.r("«v»"))))]) + W.end(7) + "</w:tbl>"
        let filled = try WordFiller().fill(
            template: try DocxFixture.make(body: table), data: FillData(tables: ["t": [["v": "a"], ["v": "b"]]]))
        let package = try FilledPackage(filled.data)
        #expect(try package.all("tr", in: "word/document.xml").map(\.wordText) == ["头", "a", "b"])
        #expect(try package.all("bookmarkStart", in: "word/document.xml").isEmpty)
        #expect(try package.all("bookmarkEnd", in: "word/document.xml").isEmpty)
    }

    @Test("three signatures, the seal and the QR code become inline pictures with captions, media parts, relationships and png type")
    func pictures() throws {
        let body =
            W.p(W.r("检定员：") + W.start("SIGN_TESTER", 1) + W.end(1) + W.r("  核验员：") + W.start("sign_reviewer", 2) + W.end(2))
            + W.p(W.r("批准人：") + W.start("SIGN_APPROVER", 3) + W.end(3))
            + W.p(W.start("SEAL", 4) + W.end(4) + W.start("QR_CODE", 5) + W.end(5))
        let template = try DocxFixture.make(body: body, headers: [W.p(W.start("SEAL", 9) + W.end(9))])
        let signature = TestPNG.signature()
        let data = FillData(images: [
            "SIGN_TESTER": FillImage(png: signature, widthMM: 30, caption: ["张三", "2026-12-02"]),
            "SIGN_REVIEWER": FillImage(png: signature, widthMM: 30, heightMM: 10, caption: ["李四"]),
            "SIGN_APPROVER": FillImage(png: signature, widthMM: 30, caption: ["王五", "2026-12-03"]),
            "SEAL": FillImage(png: TestPNG.seal(), widthMM: 40),
            "QR_CODE": FillImage(png: TestPNG.qr(), widthMM: 25, heightMM: 25),
        ])
        let filled = try WordFiller().fill(template: template, data: data)
        let package = try FilledPackage(filled.data)
        let inlines = try package.all("inline", in: "word/document.xml")
        #expect(inlines.count == 5)
        let extents = inlines.compactMap { $0.all("extent").first }.map { ($0.attribute("cx") ?? "", $0.attribute("cy") ?? "") }
        // 30 mm wide; the 160×50 signature keeps its ratio (9.375 mm); 10 mm when given; 25 mm square QR code.
        #expect(extents[0] == ("1080000", "337500"))
        #expect(extents[1] == ("1080000", "360000"))
        #expect(extents[4] == ("900000", "900000"))
        let ids = try (package.all("docPr", in: "word/document.xml") + package.all("docPr", in: "word/header1.xml")).compactMap { $0.attribute("id") }
        #expect(ids.count == 6 && Set(ids).count == 6)

        let paragraphs = try package.all("p", in: "word/document.xml")
        #expect(paragraphs[0].wordText == "检定员：\n张三\n2026-12-02  核验员：\n李四")
        let documentRels = try package.xml("word/_rels/document.xml.rels").root.elements
        for blip in try package.all("blip", in: "word/document.xml") {
            let id = try #require(blip.attribute("r:embed"))
            let relationship = try #require(documentRels.first { $0.attribute("Id") == id })
            #expect(relationship.attribute("Type") == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image")
            let media = "word/" + (relationship.attribute("Target") ?? "")
            #expect(package.entries[media].map { $0.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) } == true)
        }
        // The header's seal is related from the header's own relationships part.
        let headerBlip = try #require(try package.all("blip", in: "word/header1.xml").first?.attribute("r:embed"))
        #expect(try package.xml("word/_rels/header1.xml.rels").root.elements.contains { $0.attribute("Id") == headerBlip })
        #expect(try package.string("[Content_Types].xml").contains(#"Extension="png" ContentType="image/png""#))
        _ = try checkReadable(filled.data, .docx)
    }

    @Test("a picture that is not a PNG is refused with TEMPLATE_FILL_IMAGE_INVALID")
    func notPNG() throws {
        let template = try DocxFixture.make(body: W.p(W.start("SEAL", 1) + W.end(1)))
        do {
            _ = try WordFiller().fill(template: template, data: FillData(images: ["SEAL": FillImage(png: Data("GIF89a".utf8), widthMM: 40)]))
            Issue.record("accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_IMAGE_INVALID")
        }
    }
}
