import Foundation
import Testing

@testable import TemplateKit

/// Defined names of an .xlsx and the references they hold.
@Suite struct ExcelNameTests {
    func inspect(_ fixture: XlsxFixture) throws -> TemplateInspection {
        try TemplateInspector().inspect(try fixture.data(), declared: .xlsx)
    }

    @Test func listsUserNamesAndSkipsBuiltInsAndHiddenOnes() throws {
        let inspection = try inspect(.certificate)
        #expect(inspection.format == .xlsx)
        #expect(
            inspection.bookmarks.map(\.name) == [
                "client", "ROW_readings", "readings.point", "readings.run", "readings.value", "CERT_NO", "SIGN_TESTER",
            ])
    }

    @Test func locationsAreWrittenAsTheAuthorWould() throws {
        let fields = Dictionary(uniqueKeysWithValues: try inspect(.certificate).bookmarks.map { ($0.name, $0) })
        #expect(fields["client"]?.location == "Sheet1!B3")
        #expect(fields["ROW_readings"]?.location == "Sheet1!5:5")
        #expect(fields["CERT_NO"]?.location == "签字页!B1")
        #expect(fields["SIGN_TESTER"]?.location == "签字页!B10:C10")
        #expect(fields["CERT_NO"]?.reservedRole == .certificateNumber)
    }

    @Test func aWholeRowNameRepeatsThatRowAndCellsInItAreColumns() throws {
        let fields = Dictionary(uniqueKeysWithValues: try inspect(.certificate).bookmarks.map { ($0.name, $0) })
        let row = try #require(fields["ROW_readings"])
        #expect(row.kind == .repeatingRow(table: "readings"))
        #expect(row.row == TemplateRowPosition(scope: "Sheet1", table: nil, row: 5))
        #expect(fields["readings.value"]?.kind == .column(table: "readings", column: "value"))
        #expect(fields["readings.value"]?.row == row.row)
    }

    @Test func brokenReferencesAreReportedNotDropped() throws {
        let fixture = XlsxFixture(names: [("a", "#REF!", ""), ("b", "Sheet9!$A$1", ""), ("c", "SUM(Sheet1!A1:A3)", ""), ("d", "[1]Sheet1!$A$1", "")])
        let fields = try inspect(fixture).bookmarks
        #expect(fields.map(\.name) == ["a", "b", "c", "d"])
        #expect(fields.allSatisfy { $0.problem != nil })
        #expect(fields[1].problem?.contains("Sheet9") == true)
    }

    @Test func multiRowRangesHaveNoSingleRow() throws {
        let fields = try inspect(XlsxFixture(names: [("ROW_readings", "Sheet1!$5:$6", "")])).bookmarks
        #expect(fields.first?.row == nil)
    }

    @Test func cellReferenceParsing() {
        #expect(CellReference.parse("Sheet1!$B$3") == CellReference(sheet: "Sheet1", firstColumn: 2, firstRow: 3, lastColumn: 2, lastRow: 3))
        #expect(CellReference.parse("'My ''Sheet'''!A1:C2")?.sheet == "My 'Sheet'")
        #expect(CellReference.parse("'My ''Sheet'''!A1:C2")?.areaText == "A1:C2")
        #expect(CellReference.parse("Sheet1!$A:$C")?.areaText == "A:C")
        #expect(CellReference.parse("Sheet1!$A$5:$F$5")?.row == 5)
        #expect(CellReference.parse("=Sheet1!XFD1048576")?.firstColumn == 16_384)
        #expect(CellReference.parse("Sheet1!XFE1") == nil)
        #expect(CellReference.parse("Sheet1!A0") == nil)
        #expect(CellReference.parse("Sheet1!$5") == nil)
        #expect(CellReference.parse("Sheet1!A1,Sheet1!B2") == nil)
        #expect(CellReference.parse("Sheet1:Sheet3!A1") == nil)
        #expect(CellReference.parse("0.17") == nil)
        #expect(CellReference.letters(28) == "AB")
    }
}
