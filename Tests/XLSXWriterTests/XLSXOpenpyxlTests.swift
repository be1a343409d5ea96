import Foundation
import Testing

@Suite(.enabled(if: ExternalTool.python != nil || ExternalTool.required, "a Python with openpyxl (Tests/Browser/requirements.txt)"))
struct XLSXOpenpyxlTests {
    /// openpyxl's view of the sample: per cell its Python type, value and number format; the sheet's frozen pane,
    /// header font and column widths.
    static let script = """
        import datetime, json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.active
        def value(v):
            if isinstance(v, (datetime.datetime, datetime.date)): return v.isoformat()
            return v
        print(json.dumps({
            "title": ws.title, "freeze": ws.freeze_panes,
            "bold": [c.font.b for c in ws[1]],
            "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.customWidth},
            "cells": [[[type(c.value).__name__, value(c.value), c.number_format] for c in row] for row in ws.iter_rows()],
        }, ensure_ascii=False))
        """

    func read() throws -> [String: Any] {
        let python = try #require(ExternalTool.python, "no Python with openpyxl")
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try SampleWorkbook.file(in: directory)
        let result = try ExternalTool.run(python, ["-c", Self.script, file.path])
        try #require(result.status == 0, "\(result.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    func cell(_ sheet: [String: Any], _ row: Int, _ column: Int) -> (type: String, value: Any, format: String)? {
        guard let rows = sheet["cells"] as? [[[Any]]], row < rows.count, column < rows[row].count else { return nil }
        let cell = rows[row][column]
        return (cell[0] as? String ?? "", cell[1], cell[2] as? String ?? "")
    }

    @Test("the sheet's name, frozen first row, bold titles and column widths")
    func layout() throws {
        let sheet = try read()
        #expect(sheet["title"] as? String == "证书清单")
        #expect(sheet["freeze"] as? String == "A2")
        #expect((sheet["bold"] as? [Bool])?.prefix(9).allSatisfy { $0 } == true)
        let widths = sheet["widths"] as? [String: Double] ?? [:]
        #expect(widths["A"] == 24)
        #expect(widths["B"] == 10)  // 器具名称: four CJK characters count 8, plus 2
        #expect(cell(sheet, 0, 0)?.value as? String == "证书编号")
    }

    @Test("text, numbers, exact decimals, dates and date-times, booleans come back with their types and formats")
    func values() throws {
        let sheet = try read()
        #expect(cell(sheet, 1, 0)?.value as? String == "JJG443-2025-0001")
        #expect(cell(sheet, 1, 1)?.value as? String == "燃油加油机 <税控> & \"双枪\"")
        let error = try #require(cell(sheet, 1, 2))
        #expect(error.type == "float" && error.value as? Double == -0.125 && error.format == "0.000")
        let rounded = try #require(cell(sheet, 1, 3))
        #expect(rounded.type == "float" && rounded.value as? Double == 0.012 && rounded.format == "0.0000")
        let date = try #require(cell(sheet, 1, 4))
        #expect(date.type == "datetime" && date.value as? String == "2025-11-24T00:00:00" && date.format == "yyyy-mm-dd")
        let dateTime = try #require(cell(sheet, 1, 5))
        #expect(dateTime.type == "datetime" && dateTime.value as? String == "2025-11-24T14:30:15" && dateTime.format == "yyyy-mm-dd hh:mm:ss")
        #expect(cell(sheet, 1, 6)?.type == "bool" && cell(sheet, 1, 6)?.value as? Bool == true)
        let count = try #require(cell(sheet, 1, 7))
        #expect(count.type == "int" && count.value as? Int == 12 && count.format == "0")
        #expect(cell(sheet, 1, 8)?.value as? String == "  前后空格 ")
    }

    @Test("control characters removed, line breaks kept, NaN empty, a decimal in another notation kept as text, extra cells kept")
    func edges() throws {
        let sheet = try read()
        #expect(cell(sheet, 2, 1)?.value as? String == "控制字符已删")
        #expect(cell(sheet, 2, 2)?.value as? Double == 1e-5)
        let integer = try #require(cell(sheet, 2, 3))
        #expect(integer.type == "int" && integer.value as? Int == -15 && integer.format == "General")
        #expect(cell(sheet, 2, 4)?.value as? String == "2026-01-03T00:00:00")
        #expect(cell(sheet, 2, 5)?.value as? String == "2025-11-24T15:30:15")
        #expect(cell(sheet, 2, 6)?.value as? Bool == false)
        #expect(cell(sheet, 2, 7)?.type == "NoneType")
        #expect(cell(sheet, 2, 8)?.value as? String == "第一行\n第二行")
        #expect(cell(sheet, 3, 0)?.type == "NoneType")
        #expect(cell(sheet, 3, 3)?.type == "str" && cell(sheet, 3, 3)?.value as? String == "1.2e3")
        #expect(cell(sheet, 3, 9)?.value as? String == "超出列数")
    }
}
