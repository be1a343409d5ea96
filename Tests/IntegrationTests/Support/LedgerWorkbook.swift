import Foundation
import ZIPFoundation

/// Ledger import sheets (.xlsx) built in memory from XML strings, with the titles the records service reads: no
/// binary fixtures. A row is its cells as typed; a cell that starts with "#" is written as a number ("#45063" is a
/// date serial, "#6" a count).
enum LedgerWorkbook {
    static let header = [
        "器具名称", "型号规格", "出厂编号", "制造单位", "出厂日期", "准确度等级", "测量范围", "使用地点", "是否强检",
        "强检用途(贸易结算/安全防护/医疗卫生/环境监测)", "检定周期(月)",
    ]

    static func row(
        _ name: String, serial: String, date: String = "2023-05-17", mandatory: String = "是", use: String = "贸易结算", cycle: String = "#6"
    )
        -> [String]
    {
        [name, "CS52D", serial, "某某加油设备有限公司", date, "0.3级", "(5~60) L/min", "一号加油站", mandatory, use, cycle]
    }

    static func xlsx(_ rows: [[String]]) throws -> Data {
        var strings: [String] = []
        func index(_ text: String) -> Int {
            if let found = strings.firstIndex(of: text) { return found }
            strings.append(text)
            return strings.count - 1
        }
        let sheetRows = rows.enumerated().map { r, cells in
            let body = cells.enumerated().map { c, text -> String in
                let ref = String(UnicodeScalar(UInt8(65 + c))) + "\(r + 1)"
                if text.isEmpty { return "" }
                if text.hasPrefix("#") { return #"<c r="\#(ref)"><v>\#(text.dropFirst())</v></c>"# }
                return #"<c r="\#(ref)" t="s"><v>\#(index(text))</v></c>"#
            }.joined()
            return #"<row r="\#(r + 1)">\#(body)</row>"#
        }.joined()
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let shared = strings.map { "<si><t>\(escape($0))</t></si>" }.joined()
        return try zip([
            (
                "[Content_Types].xml",
                head
                    + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
            ),
            (
                "_rels/.rels",
                head
                    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                head + #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head
                    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
            ("xl/sharedStrings.xml", head + #"<sst xmlns="\#(main)">\#(shared)</sst>"#),
            ("xl/worksheets/sheet1.xml", head + #"<worksheet xmlns="\#(main)"><sheetData>\#(sheetRows)</sheetData></worksheet>"#),
        ])
    }

    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw TestFailure("the archive has no data") }
        return data
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// Valid unified social credit codes (GB 32100 and the GB 11714 organisation code inside), fresh for each call so
/// runs on the same database do not collide.
enum TestUSCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    static func random() -> String {
        let body = (0..<8).map { _ in String(Int.random(in: 0...9)) }.joined()
        return make(prefix: "91330106", organisation: body)
    }

    static func make(prefix: String, organisation: String) -> String {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(organisation, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? (Int($1.0.asciiValue ?? 55) - 55)) * $1.1 }
        let check =
            switch 11 - sum % 11 {
            case 10: "X"
            case 11: "0"
            case let digit: String(digit)
            }
        let first17 = Array(prefix + organisation + check)
        let full = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let total = zip(first17, full).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
        return String(first17) + String(alphabet[(31 - total % 31) % 31])
    }
}
