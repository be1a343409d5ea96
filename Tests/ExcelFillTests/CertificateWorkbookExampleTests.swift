import ExcelFill
import FillCore
import FillTestSupport
import Foundation
import TemplateKit
import Testing

@Suite struct CertificateWorkbookExampleTests {
    static let fixture = Office.repository().appendingPathComponent("Tests/ExcelFillTests/Fixtures/jjg-certificate.xlsx")

    @Test("the workbook template inspects as meant (TemplateKit's reading of the names) and the committed copy matches")
    func templateInspects() throws {
        let template = try CertificateWorkbookExample.template()
        if Office.writeFixtures { try template.write(to: Self.fixture) }
        let inspection = try checkReadable(template)
        let kinds = Dictionary(inspection.bookmarks.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["ROW_readings"] == .repeatingRow(table: "readings"))
        #expect(kinds["readings.point"] == .column(table: "readings", column: "point"))
        #expect(kinds["readings_error"] == .column(table: "readings", column: "error"))
        let committed = try checkReadable(try Data(contentsOf: Self.fixture))
        #expect(committed.bookmarks.map(\.name) == inspection.bookmarks.map(\.name), "regenerate with METROLOGY_WRITE_FIXTURES=1")
    }

    @Test("ten readings move the dates, signatures, seal, QR code and record number nine rows down")
    func fills() throws {
        let filled = try ExcelFiller().fill(template: try CertificateWorkbookExample.template(), data: CertificateWorkbookExample.data())
        #expect(filled.report.missing.isEmpty && filled.report.unused.isEmpty)
        let book = try FilledWorkbook(filled.data)
        let cells = try book.cells()
        #expect(cells["B3"]?.value == "杭州示例仪表有限公司")
        #expect(
            (13...22).map { cells["C\($0)"]?.value ?? "" } == [
                "0.000", "0.001", "0.402", "0.404", "0.803", "0.802", "1.198", "1.199", "1.601", "1.600",
            ])
        #expect(cells["A23"]?.value == "（以下空白）" && cells["B25"]?.value == "2026 年 12 月 02 日" && cells["B31"]?.value == "YS-2026-0456")
        #expect(cells["F27"]?.value == "张三 2026-12-02")
        let names = try book.definedNames()
        #expect(names["SEAL"] == "证书!$D$29" && names["_xlnm.Print_Area"] == "证书!$A$1:$F$31")
        let anchorRows = try book.xml("xl/drawings/drawing1.xml").root.descendants().filter { $0.local == "row" }.map(\.textContent)
        #expect(Set(anchorRows) == ["26", "28"])
        _ = try checkReadable(filled.data)
    }

    @Test(
        "LibreOffice opens the filled workbook and its PDF shows the Chinese values (cold soffice)",
        .enabled(if: Office.available, "LibreOffice is not installed (/usr/bin/soffice missing): PDF check skipped"))
    func rendersWithLibreOffice() throws {
        let filled = try ExcelFiller().fill(template: try CertificateWorkbookExample.template(), data: CertificateWorkbookExample.data())
        let pdf = try Office.pdf(filled.data, ext: "xlsx")
        let text = try Office.text(pdf)
        for value in ["杭州示例仪表有限公司", "一般压力表", "JD-2026-P-000123", "YS-2026-0456", "张三 2026-12-02", "2026 年 12 月 02 日", "1.601", "降压", "合格"] {
            #expect(text.contains(value), "PDF lacks \(value)")
        }
        if Office.writeFixtures {
            try Office.png(pdf, to: Office.repository().appendingPathComponent("Docs/certificates/fill-example-excel.png"))
        }
    }
}
