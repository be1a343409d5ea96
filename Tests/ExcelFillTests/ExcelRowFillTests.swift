import ExcelFill
import FillCore
import Foundation
import TemplateKit
import Testing

@Suite struct ExcelRowFillTests {
    /// Row 4 header, row 5 the sample row (A point, B run, C value, D "mm", E5:F5 merged), row 7 a merged A7:C7
    /// remark, B8 the conclusion name; a page break after row 8 and a print area over A1:F10.
    static func template(below: String = "", names extraNames: [(String, String)] = [], sheetTail: String = "") throws -> Data {
        let body =
            #"<dimension ref="A1:F8"/><sheetData>"# + #"<row r="1">\#(XlsxFixture.text("A1", "检定证书", style: 4))</row>"#
            + #"<row r="4">\#(XlsxFixture.text("A4", "检测点", style: 3))\#(XlsxFixture.text("B4", "次数", style: 3))\#(XlsxFixture.text("C4", "读数", style: 3))</row>"#
            + #"<row r="5" spans="1:6"><c r="A5" s="2"/><c r="B5" s="3"/><c r="C5" s="3"><v>0</v></c>\#(XlsxFixture.text("D5", "mm", style: 2))<c r="E5" s="2"/><c r="F5" s="2"/></row>"#
            + #"<row r="7">\#(XlsxFixture.text("A7", "备注：示值误差符合要求"))</row>"#
            + #"<row r="8">\#(XlsxFixture.text("A8", "结论"))\#(XlsxFixture.text("B8", "«结论»", style: 1))</row>"# + below + "</sheetData>"
            + #"<mergeCells count="2"><mergeCell ref="E5:F5"/><mergeCell ref="A7:C7"/></mergeCells>"# + sheetTail
            + #"<rowBreaks count="1" manualBreakCount="1"><brk id="8" max="16383" man="1"/></rowBreaks>"#
        return try XlsxFixture.make(
            sheets: [XlsxFixture.Sheet(name: "Sheet1", body: body)],
            names: [
                ("ROW_readings", "Sheet1!$5:$5"), ("readings.point", "Sheet1!$A$5"), ("readings_run", "Sheet1!$B$5"),
                ("readings.value", "Sheet1!$C$5"),
                ("conclusion", "Sheet1!$B$8"), ("_xlnm.Print_Area", "Sheet1!$A$1:$F$10"),
            ] + extraNames)
    }

    static let readings: [[String: FillValue]] = [
        ["point": "0 MPa", "run": "1", "value": .number("0.001")],
        ["point": "0 MPa", "run": "2", "value": .number("-0.002")],
        ["point": "1.6 MPa", "run": "1", "value": "1.601"],
    ]

    @Test("three readings: rows below move down two, with merged cells, names, print area, page break and dimension")
    func threeRows() throws {
        let filled = try ExcelFiller().fill(
            template: try Self.template(), data: FillData(values: ["conclusion": "合格"], tables: ["readings": Self.readings]))
        let book = try FilledWorkbook(filled.data)
        let cells = try book.cells()
        #expect(try book.rowNumbers() == ["1", "4", "5", "6", "7", "9", "10"])
        #expect([cells["A5"]?.value, cells["B5"]?.value, cells["C5"]?.value, cells["D5"]?.value] == ["0 MPa", "1", "0.001", "mm"])
        #expect([cells["A6"]?.value, cells["B6"]?.value, cells["C6"]?.value, cells["D6"]?.value] == ["0 MPa", "2", "-0.002", "mm"])
        #expect([cells["A7"]?.value, cells["C7"]?.value, cells["C7"]?.type] == ["1.6 MPa", "1.601", "inlineStr"])
        #expect(cells["C6"]?.type == nil && cells["C6"]?.style == "3" && cells["A7"]?.style == "2")
        #expect(cells["A9"]?.value == "备注：示值误差符合要求")
        #expect(cells["B10"]?.value == "合格" && cells["B10"]?.style == "1")
        let sheet = try book.xml("xl/worksheets/sheet1.xml").root
        let merges = sheet.descendants().filter { $0.local == "mergeCell" }.compactMap { $0.attribute("ref") }
        #expect(merges == ["E5:F5", "E6:F6", "E7:F7", "A9:C9"])
        #expect(sheet.descendants().first { $0.local == "mergeCells" }?.attribute("count") == "4")
        #expect(sheet.descendants().first { $0.local == "dimension" }?.attribute("ref") == "A1:F10")
        #expect(sheet.descendants().first { $0.local == "brk" }?.attribute("id") == "10")
        let names = try book.definedNames()
        #expect(names["conclusion"] == "Sheet1!$B$10")
        #expect(names["_xlnm.Print_Area"] == "Sheet1!$A$1:$F$12")
        #expect(filled.report.missing.isEmpty)
        #expect(Set(filled.report.filled) == ["ROW_readings", "readings.point", "readings_run", "readings.value", "conclusion"])
        _ = try checkReadable(filled.data)
    }

    @Test("zero readings remove the sample row; rows below move up one")
    func zeroRows() throws {
        let filled = try ExcelFiller().fill(template: try Self.template(), data: FillData(values: ["conclusion": "合格"], tables: ["readings": []]))
        let book = try FilledWorkbook(filled.data)
        #expect(try book.rowNumbers() == ["1", "4", "6", "7"])
        #expect(try book.cells()["B7"]?.value == "合格")
        let merges = try book.xml("xl/worksheets/sheet1.xml").root.descendants().filter { $0.local == "mergeCell" }.compactMap { $0.attribute("ref") }
        #expect(merges == ["A6:C6"])
        #expect(try book.definedNames()["conclusion"] == "Sheet1!$B$7")
    }

    @Test("exactly one reading moves nothing, so a formula below is fine")
    func oneRowWithFormulaBelow() throws {
        let below = #"<row r="9"><c r="C9"><f>SUM(C5:C5)</f><v>0</v></c></row>"#
        let filled = try ExcelFiller().fill(template: try Self.template(below: below), data: FillData(tables: ["readings": [Self.readings[0]]]))
        #expect(try FilledWorkbook(filled.data).cells()["C9"]?.value == "0")
    }

    @Test(
        "what cannot be moved safely is refused with TEMPLATE_FILL_ROWS_BELOW",
        arguments: [
            ("a formula below", #"<row r="9"><c r="C9"><f>SUM(C5:C5)</f><v>0</v></c></row>"#, ""),
            ("a formula above referring below", #"<row r="2"><c r="C2"><f>B8&amp;"x"</f></c></row>"#, ""),
            (
                "conditional formatting below", "",
                #"<conditionalFormatting sqref="B8"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>"#
            ),
            (
                "data validation below", "",
                #"<dataValidations count="1"><dataValidation type="list" sqref="B8:B9"><formula1>"合格,不合格"</formula1></dataValidation></dataValidations>"#
            ),
        ])
    func refusals(_ case: (String, String, String)) throws {
        // Row 2 must come before row 4 in sheetData; the fixture puts extra rows at the end, so build it in order.
        var template = try Self.template(below: `case`.1.hasPrefix(#"<row r="9""#) ? `case`.1 : "", sheetTail: `case`.2)
        if `case`.1.hasPrefix(#"<row r="2""#) {
            let entries = try XlsxFixture.entries(template)
            let sheet = String(decoding: try #require(entries["xl/worksheets/sheet1.xml"]), as: UTF8.self)
                .replacingOccurrences(of: #"<row r="4">"#, with: `case`.1 + #"<row r="4">"#)
            template = try XlsxFixture.zip(
                entries.map { ($0.key, $0.key == "xl/worksheets/sheet1.xml" ? Data(sheet.utf8) : $0.value) }.sorted { $0.0 < $1.0 })
        }
        do {
            _ = try ExcelFiller().fill(template: template, data: FillData(tables: ["readings": Self.readings]))
            Issue.record("\(`case`.0) accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_ROWS_BELOW", "\(`case`.0)")
        }
    }

    @Test("a ROW_ name that is not one row is refused with TEMPLATE_FILL_ROW_NOT_IN_TABLE")
    func rowNameNotARow() throws {
        let template = try XlsxFixture.make(
            sheets: [XlsxFixture.Sheet(name: "Sheet1", body: "<sheetData/>")], names: [("ROW_readings", "Sheet1!$A$5:$C$6")])
        do {
            _ = try ExcelFiller().fill(template: template, data: FillData(tables: ["readings": Self.readings]))
            Issue.record("accepted")
        } catch {
            #expect(error.code == "TEMPLATE_FILL_ROW_NOT_IN_TABLE")
        }
    }
}
