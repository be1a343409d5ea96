import FillCore
import FillTestSupport
import Foundation

/// A realistic JJG-style verification certificate (检定证书) for a pressure gauge, as a lab would draw it in Word:
/// number in the header, the instrument fields, the reading table with one sample row, signatures, seal and QR
/// code, the raw-record number in the footer. `Fixtures/jjg-certificate.docx` is this template, written by
/// `CertificateExampleTests` with METROLOGY_WRITE_FIXTURES=1; the data is what the records service would send.
enum CertificateExample {
    static let serif = #"<w:rFonts w:ascii="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC" w:hAnsi="Noto Serif CJK SC"/>"#
    static let sans = #"<w:rFonts w:ascii="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC"/>"#

    static let styles =
        #"<w:docDefaults><w:rPrDefault><w:rPr>\#(serif)<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
        + #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#

    static func run(_ text: String, size: Int? = nil, bold: Bool = false, font: String = "") -> String {
        W.r(text, font + (bold ? "<w:b/>" : "") + (size.map { #"<w:sz w:val="\#($0)"/><w:szCs w:val="\#($0)"/>"# } ?? ""))
    }

    static func paragraph(_ content: String, align: String = "left", before: Int = 0, after: Int = 0) -> String {
        W.p(content, style: #"<w:spacing w:before="\#(before)" w:after="\#(after)"/><w:jc w:val="\#(align)"/>"#)
    }

    /// A cell without borders (or with a bottom rule, for filled values).
    static func cell(_ content: String, width: Int, rule: Bool = false, align: String = "left") -> String {
        let borders = rule ? #"<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>"# : ""
        return
            #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>\#(borders)<w:vAlign w:val="bottom"/></w:tcPr>\#(paragraph(content, align: align, before: 60, after: 20))</w:tc>"#
    }

    static func plainTable(_ rows: [String], widths: [Int]) -> String {
        #"<w:tbl><w:tblPr><w:tblW w:w="\#(widths.reduce(0, +))" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
            + widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>" + rows.joined() + "</w:tbl>"
    }

    static func field(_ label: String, _ name: String, _ id: Int, placeholder: String) -> String {
        W.tr([cell(run(label, bold: true), width: 2200), cell(W.bookmark(name, id, run("«\(placeholder)»")), width: 7000, rule: true)])
    }

    static func template() throws -> Data {
        let fields = plainTable(
            [
                field("委 托 单 位", "client", 1, placeholder: "委托单位"), field("计量器具名称", "instrument", 2, placeholder: "器具名称"),
                field("型 号 / 规 格", "model", 3, placeholder: "型号规格"), field("出 厂 编 号", "serial", 4, placeholder: "出厂编号"),
                field("制 造 单 位", "manufacturer", 5, placeholder: "制造单位"), field("检 定 依 据", "procedure", 6, placeholder: "检定规程"),
                field("检 定 结 论", "conclusion", 7, placeholder: "结论"),
            ], widths: [2200, 7000])
        let signatures = plainTable(
            [
                W.tr([
                    cell(run("批准人", bold: true), width: 1100), cell(W.start("SIGN_APPROVER", 20) + W.end(20), width: 2000),
                    cell(run("核验员", bold: true), width: 1100), cell(W.start("SIGN_REVIEWER", 21) + W.end(21), width: 2000),
                    cell(run("检定员", bold: true), width: 1100), cell(W.start("SIGN_TESTER", 22) + W.end(22), width: 2000),
                ])
            ], widths: [1100, 2000, 1100, 2000, 1100, 2000])
        let dates = plainTable(
            [
                W.tr([
                    cell(run("检定日期", bold: true), width: 1500), cell(W.bookmark("test_date", 8, run("«检定日期»")), width: 3100, rule: true),
                    cell(run("有效期至", bold: true), width: 1500), cell(W.bookmark("valid_until", 9, run("«有效期»")), width: 3100, rule: true),
                ])
            ], widths: [1500, 3100, 1500, 3100])
        let grid =
            #"<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>"#
        func gridCell(_ content: String, _ width: Int) -> String {
            #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>\#(grid)<w:vAlign w:val="center"/></w:tcPr>\#(paragraph(content, align: "center", before: 20, after: 20))</w:tc>"#
        }
        let readings = plainTable(
            [
                W.tr([
                    gridCell(run("检定点 / MPa", bold: true), 2300), gridCell(run("行程", bold: true), 2300),
                    gridCell(run("示值 / MPa", bold: true), 2300), gridCell(run("示值误差 / MPa", bold: true), 2300),
                ]),
                W.tr([
                    gridCell(W.start("ROW_readings", 30) + W.bookmark("readings_point", 31, run("«检定点»")) + W.end(30), 2300),
                    gridCell(W.bookmark("readings_run", 32, run("«行程»")), 2300), gridCell(W.bookmark("readings_value", 33, run("«示值»")), 2300),
                    gridCell(W.bookmark("readings_error", 34, run("«误差»")), 2300),
                ]),
            ], widths: [2300, 2300, 2300, 2300])
        let body =
            paragraph(run("检 定 证 书", size: 52, bold: true, font: sans), align: "center", after: 40)
            + paragraph(run("VERIFICATION CERTIFICATE", size: 20), align: "center", after: 160) + fields
            + paragraph(run("检定结果", size: 24, bold: true, font: sans), before: 240, after: 100) + readings
            + paragraph(run("（以下空白）", size: 18), align: "center", before: 40, after: 120) + dates + paragraph("", after: 60) + signatures
            + paragraph(
                run("检定机构：示例市计量检定测试院", size: 18) + run("　　") + W.start("SEAL", 40) + W.end(40) + run("　　") + W.start("QR_CODE", 41) + W.end(41),
                align: "right", before: 60)
        let header = paragraph(run("证书编号：", size: 20) + W.bookmark("CERT_NO", 50, run("«证书编号»", size: 20, bold: true)), align: "right")
        let footer = paragraph(
            run("原始记录编号：", size: 18) + W.bookmark("RECORD_NO", 51, run("«记录编号»", size: 18)) + run("　　本证书未加盖检定专用章无效，复制证书未重新加盖印章无效。", size: 18),
            align: "center")
        return try DocxFixture.make(
            body: body, headers: [header], footers: [footer], styles: styles,
            margins: #"w:top="1000" w:right="1100" w:bottom="900" w:left="1100" w:header="500" w:footer="450""#)
    }

    static let readings: [[String: FillValue]] = {
        let points = ["0", "0.4", "0.8", "1.2", "1.6"]
        let up = ["0.000", "0.402", "0.803", "1.198", "1.601"]
        let down = ["0.001", "0.404", "0.802", "1.199", "1.600"]
        var rows: [[String: FillValue]] = []
        for (index, point) in points.enumerated() {
            for (run, values) in [("升压", up), ("降压", down)] {
                let error = (Double(values[index]) ?? 0) - (Double(point) ?? 0)
                rows.append([
                    "point": .text(point), "run": .text(run), "value": .number(values[index]), "error": .text(String(format: "%+.3f", error)),
                ])
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
                "SIGN_TESTER": FillImage(png: signature, widthMM: 24, caption: ["张三", "2026-12-02"]),
                "SIGN_REVIEWER": FillImage(png: signature, widthMM: 24, caption: ["李四", "2026-12-02"]),
                "SIGN_APPROVER": FillImage(png: signature, widthMM: 24, caption: ["王五", "2026-12-03"]),
                "SEAL": FillImage(png: TestPNG.seal(), widthMM: 36), "QR_CODE": FillImage(png: TestPNG.qr(), widthMM: 22),
            ])
    }
}
