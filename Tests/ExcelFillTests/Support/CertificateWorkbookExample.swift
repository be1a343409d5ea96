import FillCore
import FillTestSupport
import Foundation

/// The JJG pressure-gauge certificate of the Word example, drawn as a lab would in Excel: defined names for the
/// values, `ROW_readings` on the sample row 13 with `readings.point` … columns, signatures, seal and QR code below
/// it (so they move when the readings are inserted), merged cells and a print area. `Fixtures/jjg-certificate.xlsx`
/// is this template, written by `CertificateWorkbookExampleTests` with METROLOGY_WRITE_FIXTURES=1.
enum CertificateWorkbookExample {
    static func t(_ ref: String, _ text: String, _ style: Int) -> String { XlsxFixture.text(ref, text, style: style) }
    static func empty(_ refs: [String], _ style: Int) -> String { refs.map { #"<c r="\#($0)" s="\#(style)"/>"# }.joined() }

    static func template() throws -> Data {
        let fields = [
            ("委托单位", "client"), ("计量器具名称", "instrument"), ("型号/规格", "model"), ("出厂编号", "serial"), ("制造单位", "manufacturer"),
            ("检定依据", "procedure"), ("检定结论", "conclusion"),
        ]
        var rows = #"<row r="1" ht="36" customHeight="1">\#(t("A1", "检 定 证 书", 4))</row>"#
        rows += #"<row r="2">\#(t("E2", "证书编号：", 0))<c r="F2" s="1"/></row>"#
        for (index, field) in fields.enumerated() {
            let row = 3 + index
            rows +=
                #"<row r="\#(row)" ht="20" customHeight="1">\#(t("A\(row)", field.0, 1))\#(empty(["B\(row)", "C\(row)", "D\(row)", "E\(row)", "F\(row)"], 5))</row>"#
        }
        rows += #"<row r="11">\#(t("A11", "检定结果", 1))</row>"#
        rows += #"<row r="12">\#(t("A12", "检定点/MPa", 3))\#(t("B12", "行程", 3))\#(t("C12", "示值/MPa", 3))\#(t("D12", "示值误差/MPa", 3))</row>"#
        rows += #"<row r="13">\#(empty(["A13", "B13", "C13", "D13"], 3))</row>"#
        rows += #"<row r="14">\#(t("A14", "（以下空白）", 6))</row>"#
        rows +=
            #"<row r="16">\#(t("A16", "检定日期", 1))<c r="B16" s="5"/><c r="C16" s="5"/>\#(t("D16", "有效期至", 1))<c r="E16" s="5"/><c r="F16" s="5"/></row>"#
        rows +=
            #"<row r="18" ht="62" customHeight="1">\#(t("A18", "批准人", 1))<c r="B18" s="6"/>\#(t("C18", "核验员", 1))<c r="D18" s="6"/>\#(t("E18", "检定员", 1))<c r="F18" s="6"/></row>"#
        rows += #"<row r="20" ht="110" customHeight="1"><c r="A20"/><c r="D20"/></row>"#
        rows += #"<row r="21">\#(t("A21", "检定机构：示例市计量检定测试院", 0))</row>"#
        rows += #"<row r="22">\#(t("A22", "原始记录编号：", 0))<c r="B22"/>\#(t("D22", "本证书未加盖检定专用章无效", 0))</row>"#
        let merges = ["A1:F1"] + (3...9).map { "B\($0):F\($0)" } + ["A14:D14", "B16:C16", "E16:F16", "B22:C22", "D22:F22"]
        let body =
            #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:F22"/><sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews><sheetFormatPr defaultRowHeight="18"/><cols><col min="1" max="6" width="15.5" customWidth="1"/></cols>"#
            + "<sheetData>\(rows)</sheetData>"
            + #"<mergeCells count="\#(merges.count)">\#(merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined())</mergeCells>"#
            + #"<pageMargins left="0.6" right="0.6" top="0.7" bottom="0.7" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"/>"#
        let names: [(String, String)] =
            fields.enumerated().map { ($0.element.1, "证书!$B$\(3 + $0.offset)") } + [
                ("CERT_NO", "证书!$F$2"), ("ROW_readings", "证书!$13:$13"), ("readings.point", "证书!$A$13"), ("readings.run", "证书!$B$13"),
                ("readings.value", "证书!$C$13"), ("readings_error", "证书!$D$13"), ("test_date", "证书!$B$16"), ("valid_until", "证书!$E$16"),
                ("SIGN_APPROVER", "证书!$B$18"), ("SIGN_REVIEWER", "证书!$D$18"), ("SIGN_TESTER", "证书!$F$18"), ("QR_CODE", "证书!$A$20"),
                ("SEAL", "证书!$D$20"), ("RECORD_NO", "证书!$B$22"), ("_xlnm.Print_Area", "证书!$A$1:$F$22"),
            ]
        return try XlsxFixture.make(sheets: [XlsxFixture.Sheet(name: "证书", body: body)], names: names)
    }

    static let readings: [[String: FillValue]] = {
        let points = ["0", "0.4", "0.8", "1.2", "1.6"]
        let up = ["0.000", "0.402", "0.803", "1.198", "1.601"]
        let down = ["0.001", "0.404", "0.802", "1.199", "1.600"]
        var rows: [[String: FillValue]] = []
        for (index, point) in points.enumerated() {
            for (run, values) in [("升压", up), ("降压", down)] {
                let error = (Double(values[index]) ?? 0) - (Double(point) ?? 0)
                // Readings stay text: "0.000" and "1.600" must print with their trailing zeros (the resolution), which a
                // number cell in General format would drop.
                rows.append(["point": .text(point), "run": .text(run), "value": .text(values[index]), "error": .text(String(format: "%+.3f", error))])
            }
        }
        return rows
    }()

    static func data() -> FillData {
        let signature = TestPNG.signature()
        return FillData(
            values: [
                "client": "杭州示例仪表有限公司", "instrument": "一般压力表", "model": "Y-100　(0～1.6) MPa　1.6 级", "serial": "2026-0815",
                "manufacturer": "上海示例自动化仪表厂", "procedure": "JJG 52-2013《弹性元件式一般压力表、压力真空表和真空表》", "conclusion": "合格",
                "test_date": "2026 年 12 月 02 日", "valid_until": "2027 年 06 月 01 日", "CERT_NO": "JD-2026-P-000123", "RECORD_NO": "YS-2026-0456",
            ],
            tables: ["readings": readings],
            images: [
                "SIGN_TESTER": FillImage(png: signature, widthMM: 22, caption: ["张三", "2026-12-02"]),
                "SIGN_REVIEWER": FillImage(png: signature, widthMM: 22, caption: ["李四", "2026-12-02"]),
                "SIGN_APPROVER": FillImage(png: signature, widthMM: 22, caption: ["王五", "2026-12-03"]),
                "SEAL": FillImage(png: TestPNG.seal(), widthMM: 36), "QR_CODE": FillImage(png: TestPNG.qr(), widthMM: 22),
            ])
    }
}
