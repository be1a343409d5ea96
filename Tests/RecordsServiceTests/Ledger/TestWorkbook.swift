import Foundation
import ZIPFoundation

/// A real .xlsx built in memory from XML strings (no binary fixtures): the parts Excel writes for one sheet with
/// shared strings. Cells are given as they would be typed; `.number` writes a numeric cell (a date serial, a count),
/// `.inline` an inline string, `.formula` a formula's string result.
enum TestWorkbook {
    enum Cell {
        case text(String)
        case number(String)
        case inline(String)
        case boolean(Bool)
        case error(String)
        case formula(String)
        case empty
    }

    static let header: [Cell] = [
        "器具名称", "型号规格", "出厂编号", "制造单位", "出厂日期", "准确度等级", "测量范围", "使用地点", "是否强检",
        "强检用途(贸易结算/安全防护/医疗卫生/环境监测)", "检定周期(月)",
    ].map { .text($0) }

    /// A data row with the header's columns: name, model, serial, then the defaults of a mandatory trade instrument.
    static func row(
        _ name: String, _ model: String = "CS52D", serial: String, date: Cell = .text("2023-05-17"), mandatory: String = "是",
        use: String = "贸易结算", cycle: Cell = .number("6")
    ) -> [Cell] {
        [
            .text(name), .text(model), .text(serial), .text("某某加油设备有限公司"), date, .text("0.3级"), .text("(5~60) L/min"), .text("一号加油站"),
            .text(mandatory), .text(use), cycle,
        ]
    }

    static func xlsx(
        _ rows: [[Cell]], date1904: Bool = false, sheetPath: String = "worksheets/sheet1.xml", extraParts: [String: String] = [:]
    )
        throws -> Data
    {
        var strings: [String] = []
        func index(_ text: String) -> Int {
            if let found = strings.firstIndex(of: text) { return found }
            strings.append(text)
            return strings.count - 1
        }
        let sheetRows = rows.enumerated().map { r, cells in
            let body = cells.enumerated().map { c, cell -> String in
                let ref = letters(c + 1) + "\(r + 1)"
                switch cell {
                case .text(let text): return #"<c r="\#(ref)" t="s"><v>\#(index(text))</v></c>"#
                case .number(let text): return #"<c r="\#(ref)"><v>\#(text)</v></c>"#
                case .inline(let text): return #"<c r="\#(ref)" t="inlineStr"><is><t>\#(escape(text))</t></is></c>"#
                case .boolean(let value): return #"<c r="\#(ref)" t="b"><v>\#(value ? 1 : 0)</v></c>"#
                case .error(let text): return #"<c r="\#(ref)" t="e"><v>\#(text)</v></c>"#
                case .formula(let text): return #"<c r="\#(ref)" t="str"><f>A1</f><v>\#(escape(text))</v></c>"#
                case .empty: return ""
                }
            }.joined()
            return #"<row r="\#(r + 1)">\#(body)</row>"#
        }.joined()
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let shared = strings.map { "<si><t>\(escape($0))</t></si>" }.joined()
        var parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                head
                    + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#
            ),
            (
                "_rels/.rels",
                head
                    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                head
                    + #"<x:workbook xmlns:x="\#(main)" xmlns:rel="\#(rel)"><x:workbookPr date1904="\#(date1904 ? 1 : 0)"/><x:sheets><x:sheet name="台账" sheetId="1" rel:id="rId7"/><x:sheet name="说明" sheetId="2" rel:id="rId8"/></x:sheets></x:workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head
                    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="\#(rel)/worksheet" Target="worksheets/other.xml"/><Relationship Id="rId7" Type="\#(rel)/worksheet" Target="\#(sheetPath)"/><Relationship Id="rId9" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
            ("xl/sharedStrings.xml", head + #"<sst xmlns="\#(main)" count="\#(strings.count)" uniqueCount="\#(strings.count)">\#(shared)</sst>"#),
            ("xl/" + sheetPath, head + #"<worksheet xmlns="\#(main)"><sheetData>\#(sheetRows)</sheetData></worksheet>"#),
            (
                "xl/worksheets/other.xml",
                head
                    + #"<worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>"#
            ),
        ]
        parts += extraParts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return try zip(parts)
    }

    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func letters(_ column: Int) -> String {
        var column = column
        var result = ""
        while column > 0 {
            result = String(UnicodeScalar(UInt8(65 + (column - 1) % 26))) + result
            column = (column - 1) / 26
        }
        return result
    }
}
