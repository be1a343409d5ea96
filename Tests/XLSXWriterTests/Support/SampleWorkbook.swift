import Foundation
import XLSXWriter
import ZipStream

/// A workbook with every kind of cell, and what a reader should find in it.
enum SampleWorkbook {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2025-11-24 14:30:15 in Shanghai.
    static let moment = Date(timeIntervalSince1970: 1_763_965_815)

    static let columns = [
        XLSXColumn(title: "证书编号", width: 24),
        XLSXColumn(title: "器具名称"),
        XLSXColumn(title: "示值误差", format: .decimal(places: 3)),
        XLSXColumn(title: "修约值"),
        XLSXColumn(title: "检定日期"),
        XLSXColumn(title: "签发时间"),
        XLSXColumn(title: "合格"),
        XLSXColumn(title: "数量", format: .integer),
        XLSXColumn(title: "备注"),
    ]

    static let rows: [[XLSXCell]] = [
        [
            .text("JJG443-2025-0001"), .text("燃油加油机 <税控> & \"双枪\""), .number(-0.125), .decimal("0.0120"), .date(moment), .dateTime(moment),
            .bool(true), .number(12), .text("  前后空格 "),
        ],
        [
            .text("JJG443-2025-0002"), .text("控制\u{1}字符\u{1F}已删"), .number(1e-5), .decimal("-15"), .date(moment.addingTimeInterval(86_400 * 40)),
            .dateTime(moment.addingTimeInterval(3600.4)), .bool(false), .number(.nan), .text("第一行\n第二行"),
        ],
        [.empty, .text("只有名称"), .empty, .decimal("1.2e3"), .empty, .empty, .empty, .empty, .empty, .text("超出列数")],
    ]

    static func bytes(sheetName: String = "证书清单") throws -> [UInt8] {
        var writer = try XLSXStreamWriter(sink: ByteArraySink(), sheetName: sheetName, columns: columns, timeZone: shanghai)
        for row in rows { try writer.append(row) }
        return try writer.finish().bytes
    }

    static func file(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("sample.xlsx")
        try Data(try bytes()).write(to: url)
        return url
    }
}
