import FillCore
import FillTestSupport
import Foundation
import TemplateKit
import Testing
import WordFill

@Suite struct CertificateExampleTests {
    static let fixture = Office.repository().appendingPathComponent("Tests/WordFillTests/Fixtures/jjg-certificate.docx")

    @Test("the JJG certificate template inspects as the author meant it (TemplateKit's reading of the bookmarks) and the committed copy matches")
    func templateInspects() throws {
        let template = try CertificateExample.template()
        if Office.writeFixtures {
            try FileManager.default.createDirectory(at: Self.fixture.deletingLastPathComponent(), withIntermediateDirectories: true)
            try template.write(to: Self.fixture)
        }
        let inspection = try checkReadable(template, .docx)
        let kinds = Dictionary(inspection.bookmarks.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["ROW_readings"] == .repeatingRow(table: "readings"))
        #expect(kinds["readings_error"] == .column(table: "readings", column: "error"))
        #expect(inspection.bookmarks.filter(\.isReserved).count == 7)
        let committed = try checkReadable(try Data(contentsOf: Self.fixture), .docx)
        #expect(committed.bookmarks.map(\.name) == inspection.bookmarks.map(\.name), "regenerate with METROLOGY_WRITE_FIXTURES=1")
    }

    @Test("filled, it has every value, ten reading rows and five pictures, and nothing is reported missing or unused")
    func fills() throws {
        let filled = try WordFiller().fill(template: try CertificateExample.template(), data: CertificateExample.data())
        #expect(filled.report.missing.isEmpty)
        #expect(filled.report.unused.isEmpty)
        let package = try FilledPackage(filled.data)
        #expect(try package.all("tr", in: "word/document.xml").count == 7 + 1 + 10 + 1 + 1)
        #expect(try package.all("inline", in: "word/document.xml").count == 5)
        _ = try checkReadable(filled.data, .docx)
    }

    @Test(
        "LibreOffice opens the filled certificate and its PDF shows the Chinese values (cold soffice)",
        .enabled(if: Office.available, "LibreOffice is not installed (/usr/bin/soffice missing): PDF check skipped"))
    func rendersWithLibreOffice() throws {
        let filled = try WordFiller().fill(template: try CertificateExample.template(), data: CertificateExample.data())
        let pdf = try Office.pdf(filled.data, ext: "docx")
        let text = try Office.text(pdf)
        for value in ["杭州示例仪表有限公司", "一般压力表", "JD-2026-P-000123", "YS-2026-0456", "张三", "2026 年 12 月 02 日", "1.601", "降压", "合格"] {
            #expect(text.contains(value), "PDF lacks \(value)")
        }
        #expect(!text.contains("«"), "a placeholder was left")
        if Office.writeFixtures {
            try Office.png(pdf, to: Office.repository().appendingPathComponent("Docs/certificates/fill-example-word.png"))
        }
    }
}
