import Foundation
import RPCCore
import ServiceKit
import Testing

@testable import RecordsService

/// Reading a ledger import sheet: cells of every kind, the header by title, each row checked by the form's rules
/// with every violation collected, and hostile files refused before parsing.
@Suite("Ledger import: reading and checking the sheet")
struct LedgerImportPlanTests {
    let customer = UUID()
    let today = CalendarDay("2026-12-02")!

    func plan(_ rows: [[TestWorkbook.Cell]], date1904: Bool = false) throws -> LedgerImportPlan {
        try LedgerImportPlan.read(try TestWorkbook.xlsx(rows, date1904: date1904), customer: customer, today: today)
    }

    @Test("shared, inline and formula strings, numbers, booleans; the first sheet through the workbook's relationships")
    func cells() throws {
        let data = try TestWorkbook.xlsx(
            [[.text("甲"), .inline("乙 & 丙"), .formula("丁"), .number("42"), .boolean(true), .error("#N/A")], [.empty, .text("第二行")]],
            sheetPath: "worksheets/data.xml")
        let sheet = try XLSXSheet.read(data, maxRows: 10)
        #expect(sheet.rows.count == 2)
        #expect(
            sheet.rows[0].cells == [
                .init(column: 1, text: "甲", kind: .text), .init(column: 2, text: "乙 & 丙", kind: .text), .init(column: 3, text: "丁", kind: .text),
                .init(column: 4, text: "42", kind: .number), .init(column: 5, text: "1", kind: .boolean),
                .init(column: 6, text: "#N/A", kind: .error),
            ])
        #expect(sheet.rows[1].number == 2)
        #expect(sheet.rows[1].cells == [.init(column: 2, text: "第二行", kind: .text)])
    }

    @Test("a good sheet gives one line per row, with dates as text or serials and the Chinese use titles mapped")
    func goodSheet() throws {
        let plan = try plan([
            TestWorkbook.header,
            TestWorkbook.row("燃油加油机", serial: "A-1"),
            // 45063 is 2023-05-17 in the 1900 date system.
            TestWorkbook.row("燃油加油机", serial: "A-2", date: .number("45063"), use: "trade", cycle: .text("12")),
            TestWorkbook.row("电子天平", "JA2003", serial: "T-1", date: .text("2022年3月5日"), mandatory: "否", use: "", cycle: .empty),
        ])
        #expect(plan.violations == [])
        #expect(plan.lines.map(\.row) == [2, 3, 4])
        let first = plan.lines[0].instrument
        #expect(first.name == "燃油加油机")
        #expect(first.model == "CS52D")
        #expect(first.manufacturer == "某某加油设备有限公司")
        #expect(first.manufactureDate == "2023-05-17")
        #expect(first.mandatory && first.mandatoryUse == "trade")
        #expect(first.cycleMonths == 6)
        #expect(first.customerID == customer)
        #expect(plan.lines[1].instrument.manufactureDate == "2023-05-17")
        #expect(plan.lines[1].instrument.cycleMonths == 12)
        let balance = plan.lines[2].instrument
        #expect(balance.manufactureDate == "2022-03-05")
        #expect(!balance.mandatory && balance.mandatoryUse == "")
        #expect(balance.cycleMonths == 12)
    }

    @Test("the committed example for console users (Docs/examples/ledger-import.xlsx, from make-ledger-import) imports whole")
    func committedExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Docs/examples/ledger-import.xlsx"))
        let plan = try LedgerImportPlan.read(data, customer: customer, today: today)
        #expect(plan.violations == [])
        #expect(plan.lines.map(\.instrument.serialNumber) == ["20230517001", "20230517002", "P2201-08", "T-0042"])
        #expect(plan.lines[0].instrument.manufactureDate == "2023-05-17")
        #expect(plan.lines[2].instrument.mandatoryUse == "safety")
        #expect(!plan.lines[3].instrument.mandatory)
    }

    @Test("the 1904 date system moves serials by 1462 days")
    func date1904() throws {
        let plan = try plan([TestWorkbook.header, TestWorkbook.row("燃油加油机", serial: "A-1", date: .number("43601"))], date1904: true)
        #expect(plan.lines.first?.instrument.manufactureDate == "2023-05-17")
        #expect(LedgerCellValues.serialDay("1", date1904: false) == CalendarDay("1900-01-01"))
        #expect(LedgerCellValues.serialDay("61", date1904: false) == CalendarDay("1900-03-01"))
        #expect(LedgerCellValues.serialDay("60", date1904: false) == nil)
    }

    @Test("every bad cell is a violation with row, column letter and reason; nothing of a bad row becomes a line")
    func violations() throws {
        let plan = try plan([
            TestWorkbook.header,
            TestWorkbook.row("", serial: "B-1"),
            TestWorkbook.row("压力表", serial: "B-2", date: .text("2027-01-01")),
            TestWorkbook.row("压力表", serial: "B-3", date: .text("2023-02-30"), mandatory: "也许"),
            TestWorkbook.row("压力表", serial: "B-4", use: "", cycle: .number("121")),
            TestWorkbook.row("压力表", serial: "B-5", mandatory: "否", use: "贸易结算", cycle: .text("六")),
            TestWorkbook.row("压力表", serial: "B-6", use: "出口"),
            TestWorkbook.row("压力表", serial: "B-7", date: .number("45063")),
            TestWorkbook.row("压力表", serial: "B-7"),
            TestWorkbook.row("压力表", serial: "B-8", cycle: .error("#VALUE!")),
        ])
        let found = plan.violations.map { "\($0.row) \($0.column) \($0.code)" }
        #expect(
            found == [
                "2 A RECORDS_FIELD_REQUIRED",
                "3 E RECORDS_DATE_IN_FUTURE",
                "4 E RECORDS_DATE_INVALID", "4 I RECORDS_MANDATORY_INVALID",
                "5 J RECORDS_MANDATORY_USE_REQUIRED", "5 K RECORDS_CYCLE_INVALID",
                "6 J RECORDS_MANDATORY_USE_INVALID", "6 K RECORDS_CYCLE_INVALID",
                "7 J RECORDS_MANDATORY_USE_INVALID",
                "9 C RECORDS_INSTRUMENT_DUPLICATE",
                "10 K RECORDS_LEDGER_IMPORT_CELL_ERROR",
            ])
        #expect(plan.violations.first?.reason == "请填写器具名称")
        #expect(plan.violations.first?.title == "器具名称")
        #expect(plan.violations.first { $0.row == 9 }?.reason.contains("第 8 行") == true)
        #expect(plan.lines.map(\.row) == [8])

        let refusal = ImportViolation.refusal(plan.violations)
        #expect(refusal.reason == "RECORDS_LEDGER_IMPORT_INVALID")
        #expect(refusal.details["count"] == "11")
        let listed = try JSONSerialization.jsonObject(with: Data(refusal.details["violations"]!.utf8)) as! [[String: Any]]
        #expect(listed.count == 11)
        #expect(listed[0]["row"] as? Int == 2)
        #expect(listed[0]["column"] as? String == "A")
        #expect(listed[0]["reason"] as? String == "请填写器具名称")
    }

    @Test("columns in any order, titles with full-width brackets or a star; 序号 ignored; unknown, duplicate and missing titles reported")
    func header() throws {
        let reordered = try plan([
            [.text("序号"), .text("出厂编号"), .text("* 器具名称"), .text("检定周期（月）"), .text("是否强检")],
            [.number("1"), .text("S-1"), .text("水表"), .number("24"), .text("否")],
        ])
        #expect(reordered.violations == [])
        #expect(reordered.lines.first?.instrument.serialNumber == "S-1")
        #expect(reordered.lines.first?.instrument.cycleMonths == 24)

        let bad = try plan([[.text("器具"), .text("出厂编号"), .text("出厂编号")], [.text("水表"), .text("1"), .text("2")]])
        #expect(
            bad.violations.map { "\($0.row) \($0.column) \($0.code)" } == [
                "1 A RECORDS_LEDGER_IMPORT_COLUMN_UNKNOWN", "1 C RECORDS_LEDGER_IMPORT_COLUMN_DUPLICATE", "1  RECORDS_LEDGER_IMPORT_COLUMN_MISSING",
            ])
        #expect(bad.lines.isEmpty)
    }

    @Test("RECORDS_LEDGER_IMPORT_EMPTY for a header alone")
    func empty() throws {
        #expect(throws: RPCError.self) { _ = try plan([TestWorkbook.header]) }
        do { _ = try plan([TestWorkbook.header, []]) } catch let error as RPCError { #expect(error.reason == "RECORDS_LEDGER_IMPORT_EMPTY") }
    }

    @Test("RECORDS_LEDGER_IMPORT_TOO_MANY_ROWS past 5 000 data rows")
    func tooManyRows() throws {
        let rows = [TestWorkbook.header] + (1...(LedgerImportPlan.maxRows + 1)).map { [TestWorkbook.Cell.inline("水表"), .inline("W-\($0)")] }
        do {
            _ = try plan(rows)
            Issue.record("passed")
        } catch let error as RPCError {
            #expect(error.reason == "RECORDS_LEDGER_IMPORT_TOO_MANY_ROWS")
            #expect(error.details["limit"] == "5000")
        }
    }

    @Test("RECORDS_LEDGER_FILE_INVALID: not a zip, a zip bomb, a DOCTYPE, no workbook — each with TemplateKit's cause")
    func hostileFiles() throws {
        func cause(_ data: Data) -> String? {
            do {
                _ = try LedgerImportPlan.read(data, customer: customer, today: today)
                return nil
            } catch let error as RPCError {
                #expect(error.reason == "RECORDS_LEDGER_FILE_INVALID")
                return error.details["cause"]
            } catch { return "\(error)" }
        }
        #expect(cause(Data("器具名称,型号规格\n水表,LXS-15".utf8)) == "TEMPLATE_NOT_ZIP")
        // 50 MiB of zeros deflates to ~50 KiB: over the 100:1 ratio limit for an entry over 1 MiB.
        let zeros = String(repeating: "0", count: 50 << 20)
        #expect(cause(try TestWorkbook.zip([("xl/workbook.xml", zeros)])) == "TEMPLATE_ZIP_BOMB")
        let entity = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><workbook/>"#
        #expect(cause(try TestWorkbook.zip([("xl/workbook.xml", entity)])) == "TEMPLATE_EXTERNAL_ENTITY")
        #expect(cause(try TestWorkbook.zip([("word/document.xml", "<w/>")])) == "")
    }
}
