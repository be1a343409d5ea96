import Foundation
import Testing

@Suite(.enabled(if: ExternalTool.soffice != nil || ExternalTool.required, "LibreOffice (soffice)"))
struct XLSXLibreOfficeTests {
    /// LibreOffice opens the workbook and saves the sheet as CSV with the values as shown: dates through their date
    /// formats, decimals with their decimals, so the CSV shows that LibreOffice read numbers and dates, not text.
    @Test("LibreOffice converts the workbook to CSV with the values as a reader sees them")
    func csv() throws {
        let soffice = try #require(ExternalTool.soffice, "no LibreOffice")
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try SampleWorkbook.file(in: directory)
        // Its own profile, so a converter or a person's LibreOffice running beside it does not take the request.
        let profile = directory.appendingPathComponent("profile")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        let result = try ExternalTool.run(
            soffice,
            [
                "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir", directory.path, file.path,
            ], environment: environment)
        let csvURL = directory.appendingPathComponent("sample.csv")
        let csv = try #require(try? String(contentsOf: csvURL, encoding: .utf8), "no CSV: \(result.output)")
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Ten columns: the last row has a cell past the nine titles.
        #expect(lines.first == "证书编号,器具名称,示值误差,修约值,检定日期,签发时间,合格,数量,备注,")
        #expect(
            lines.count > 1 && lines[1] == #"JJG443-2025-0001,"燃油加油机 <税控> & ""双枪""",-0.125,0.0120,2025-11-24,2025-11-24 14:30:15,TRUE,12,  前后空格 ,"#)
        #expect(lines.count > 2 && lines[2] == #"JJG443-2025-0002,控制字符已删,0.000,-15,2026-01-03,2025-11-24 15:30:15,FALSE,,"第一行"#)
        #expect(lines.count > 4 && lines[4] == ",只有名称,,1.2e3,,,,,,超出列数")
    }
}
