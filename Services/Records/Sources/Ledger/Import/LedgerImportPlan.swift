import Crypto
import Foundation
import Persistence
import RPCCore
import ServiceKit

/// An import file read and checked row by row, before any database work: the ledger lines it would add and every
/// violation found (each cell is checked by the same rules as the form, `InstrumentValidation`, and all problems
/// are collected rather than stopping at the first). Duplicates against the ledger are found later, in the write's
/// transaction (`InstrumentHandlers.importInstruments`).
struct LedgerImportPlan: Sendable {
    struct Line: Sendable {
        var row: Int
        var instrument: InstrumentRecord
    }

    var lines: [Line]
    var violations: [ImportViolation]
    /// Where a duplicate is reported: the serial number's column, or the name's when the sheet has none.
    var keyColumn: (letter: String, title: String)
    /// SHA-256 of the file, hex: the audit entry names exactly what was imported.
    var digest: String

    /// Data rows past the header: more is refused whole (RECORDS_LEDGER_IMPORT_TOO_MANY_ROWS).
    static let maxRows = 5_000

    /// Reads `data` for `customer`. A file that is not a readable .xlsx is INVALID_ARGUMENT RECORDS_LEDGER_FILE_INVALID
    /// (with TemplateKit's code in `details["cause"]`), too many rows RECORDS_LEDGER_IMPORT_TOO_MANY_ROWS, a sheet
    /// without data rows RECORDS_LEDGER_IMPORT_EMPTY; everything about rows and cells is a violation.
    static func read(_ data: Data, customer: UUID, today: CalendarDay = .today) throws -> LedgerImportPlan {
        let sheet: XLSXSheet
        do {
            sheet = try XLSXSheet.read(data, maxRows: maxRows)
        } catch XLSXSheet.Failure.tooManyRows(let limit) {
            throw RPCError.invalidArgument(
                "导入文件超过 \(limit) 行数据，请分成多个文件导入", reason: "RECORDS_LEDGER_IMPORT_TOO_MANY_ROWS",
                details: ["field": "xlsx", "limit": "\(limit)"])
        } catch XLSXSheet.Failure.file(let code, let message) {
            throw RPCError.invalidArgument(
                "无法读取导入文件：\(message)", reason: "RECORDS_LEDGER_FILE_INVALID", details: ["field": "xlsx", "cause": code])
        }
        let digest = SHA256.hash(data: data).hexEncoded
        guard let header = sheet.rows.first else { throw empty }
        var columns: [LedgerColumn: Int] = [:]
        var violations: [ImportViolation] = []
        for cell in header.cells {
            let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let letter = XLSXSheet.letters(cell.column)
            guard !text.isEmpty, !LedgerColumn.ignored.contains(LedgerColumn.normalize(text)) else { continue }
            guard let column = LedgerColumn.match(text) else {
                let known = LedgerColumn.allCases.map(\.rawValue).joined(separator: "、")
                violations.append(
                    .init(
                        row: header.number, column: letter, title: String(text.prefix(50)),
                        reason: "无法识别的列标题“\(text.prefix(50))”，可用的列：\(known)（序号、备注列会被忽略）", code: "RECORDS_LEDGER_IMPORT_COLUMN_UNKNOWN"))
                continue
            }
            if let first = columns[column] {
                violations.append(
                    .init(
                        row: header.number, column: letter, title: column.rawValue,
                        reason: "“\(column.rawValue)”列重复（第一次出现在 \(XLSXSheet.letters(first)) 列）", code: "RECORDS_LEDGER_IMPORT_COLUMN_DUPLICATE"))
                continue
            }
            columns[column] = cell.column
        }
        if columns[.name] == nil {
            violations.append(
                .init(
                    row: header.number, column: "", title: LedgerColumn.name.rawValue, reason: "表头缺少“器具名称”列（表头应在第一行）",
                    code: "RECORDS_LEDGER_IMPORT_COLUMN_MISSING"))
        }
        let keyColumn = (columns[.serialNumber] ?? columns[.name]).map { XLSXSheet.letters($0) } ?? ""
        let keyTitle = columns[.serialNumber] != nil ? LedgerColumn.serialNumber.rawValue : LedgerColumn.name.rawValue
        // A header that cannot be read would make every row wrong: report the header alone.
        guard violations.isEmpty else {
            return LedgerImportPlan(lines: [], violations: violations, keyColumn: (keyColumn, keyTitle), digest: digest)
        }
        let rows = sheet.rows.dropFirst()
        guard !rows.isEmpty else { throw empty }
        var lines: [Line] = []
        var firstRowOf: [InstrumentKey: Int] = [:]
        for row in rows {
            var reader = RowReader(row: row, columns: columns, date1904: sheet.date1904, today: today)
            let instrument = reader.instrument(customer: customer)
            violations += reader.violations
            guard let instrument, reader.violations.isEmpty else { continue }
            if let first = firstRowOf[instrument.key] {
                violations.append(
                    .init(
                        row: row.number, column: keyColumn, title: keyTitle, reason: "与第 \(first) 行是同一台器具（器具名称、型号规格、出厂编号都相同）",
                        code: "RECORDS_INSTRUMENT_DUPLICATE"))
                continue
            }
            firstRowOf[instrument.key] = row.number
            lines.append(Line(row: row.number, instrument: instrument))
        }
        return LedgerImportPlan(lines: lines, violations: violations, keyColumn: (keyColumn, keyTitle), digest: digest)
    }

    static let empty = RPCError.invalidArgument(
        "导入文件的第一个工作表没有数据行（第一行为表头，从第二行起每行一台器具）", reason: "RECORDS_LEDGER_IMPORT_EMPTY", details: ["field": "xlsx"])

    /// The violation for a line whose key is already in the ledger.
    func duplicateInLedger(row: Int) -> ImportViolation {
        ImportViolation(
            row: row, column: keyColumn.letter, title: keyColumn.title, reason: "台账中已有同名称、型号规格和出厂编号的器具",
            code: "RECORDS_INSTRUMENT_DUPLICATE")
    }
}

/// One data row turned into a ledger line, every cell checked and each refusal kept as a violation of its cell.
struct RowReader {
    let row: XLSXSheet.Row
    let columns: [LedgerColumn: Int]
    let date1904: Bool
    let today: CalendarDay
    var violations: [ImportViolation] = []

    init(row: XLSXSheet.Row, columns: [LedgerColumn: Int], date1904: Bool, today: CalendarDay) {
        self.row = row
        self.columns = columns
        self.date1904 = date1904
        self.today = today
    }

    mutating func instrument(customer: UUID) -> InstrumentRecord? {
        var instrument = InstrumentRecord(id: UUID(), customerID: customer, name: "")
        instrument.name = text(.name) { try InstrumentValidation.text($0, field: "name") } ?? ""
        instrument.model = text(.model) { try InstrumentValidation.text($0, field: "model") } ?? ""
        instrument.serialNumber = text(.serialNumber) { try InstrumentValidation.text($0, field: "serialNumber") } ?? ""
        instrument.manufacturer = text(.manufacturer) { try InstrumentValidation.text($0, field: "manufacturer") } ?? ""
        instrument.accuracyClass = text(.accuracyClass) { try InstrumentValidation.text($0, field: "accuracyClass") } ?? ""
        instrument.measuringRange = text(.measuringRange) { try InstrumentValidation.text($0, field: "measuringRange") } ?? ""
        instrument.placeOfUse = text(.placeOfUse) { try InstrumentValidation.text($0, field: "placeOfUse") } ?? ""
        instrument.manufactureDate =
            check(.manufactureDate) { [date1904, today] text, kind in
                try LedgerCellValues.date(text, kind: kind, date1904: date1904, today: today)
            } ?? ""
        let mandatory = check(.mandatory) { text, kind in try LedgerCellValues.mandatory(text, kind: kind) }
        instrument.mandatory = mandatory ?? false
        // Whether a use is required depends on 是否强检; when that cell was itself wrong, its own violation says so.
        if mandatory != nil {
            instrument.mandatoryUse =
                text(.mandatoryUse) { [instrument] text in
                    try InstrumentValidation.mandatoryUse(LedgerCellValues.use(text), mandatory: instrument.mandatory)
                } ?? ""
        }
        instrument.cycleMonths = check(.cycleMonths) { text, kind in try LedgerCellValues.cycle(text, kind: kind) } ?? 12
        return violations.isEmpty ? instrument : nil
    }

    private mutating func text<Value>(_ column: LedgerColumn, _ read: (String) throws -> Value) -> Value? {
        check(column) { text, _ in try read(text) }
    }

    /// The cell's value read by `read`; on a refusal, a violation naming the cell and nil.
    private mutating func check<Value>(_ column: LedgerColumn, _ read: (String, XLSXSheet.Kind) throws -> Value) -> Value? {
        let number = columns[column]
        let cell = number.flatMap { row.cell($0) }
        let letter = number.map(XLSXSheet.letters) ?? ""
        if let cell, cell.kind == .error {
            violations.append(
                .init(
                    row: row.number, column: letter, title: column.rawValue, reason: "单元格是错误值 \(cell.text)，请填写实际内容",
                    code: "RECORDS_LEDGER_IMPORT_CELL_ERROR"))
            return nil
        }
        do {
            return try read(cell?.text ?? "", cell?.kind ?? .text)
        } catch let error as RPCError {
            violations.append(.init(row: row.number, column: letter, title: column.rawValue, reason: error.message, code: error.reason))
            return nil
        } catch {
            violations.append(
                .init(row: row.number, column: letter, title: column.rawValue, reason: "无法读取", code: "RECORDS_LEDGER_IMPORT_CELL_ERROR"))
            return nil
        }
    }
}
