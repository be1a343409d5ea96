import Foundation
import RPCCore
import ServiceKit

/// How a sheet's cells are read into a ledger line's typed fields, beyond text: the ways people write dates, yes/no
/// and the mandatory use in Excel. Refusals are the form's (`InstrumentValidation`), so a cell and a form field
/// are judged alike.
enum LedgerCellValues {
    /// 出厂日期: a date serial (a number cell: Excel stores dates so), or text YYYY-MM-DD, YYYY/M/D, YYYY.M.D or
    /// YYYY年M月D日; not in the future. "" when blank.
    static func date(_ text: String, kind: XLSXSheet.Kind, date1904: Bool, today: CalendarDay) throws -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return "" }
        if kind == .number {
            guard let day = serialDay(value, date1904: date1904) else {
                throw CustomerValidation.invalid("manufactureDate", "出厂日期“\(value.prefix(32))”不是有效的日期", "RECORDS_DATE_INVALID")
            }
            return try InstrumentValidation.notFuture(day, today: today)
        }
        guard let day = textDay(value) else {
            throw CustomerValidation.invalid("manufactureDate", "出厂日期“\(value.prefix(32))”格式应为 YYYY-MM-DD", "RECORDS_DATE_INVALID")
        }
        return try InstrumentValidation.notFuture(day, today: today)
    }

    /// Excel's day number: days since 1899-12-30 (so that 1 is 1900-01-01 past Lotus's phantom 1900-02-29, serial 60,
    /// which does not exist), or since 1904-01-01 in the 1904 system. A time of day (the fraction) is dropped.
    static func serialDay(_ text: String, date1904: Bool) -> CalendarDay? {
        guard let number = Double(text), number.isFinite, number >= 1, number < 200_000 else { return nil }
        var serial = Int(number.rounded(.down))
        var base = DateComponents(year: 1899, month: 12, day: 30)
        if date1904 {
            base = DateComponents(year: 1904, month: 1, day: 1)
        } else if serial == 60 {
            return nil
        } else if serial < 60 {
            serial += 1
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: base), let date = calendar.date(byAdding: .day, value: serial, to: start) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day, CalendarDay.isValid(year: year, month: month, day: day) else {
            return nil
        }
        return CalendarDay(String(format: "%04d-%02d-%02d", year, month, day))
    }

    /// YYYY-M-D with -, / or . between, or YYYY年M月D日(号).
    static func textDay(_ text: String) -> CalendarDay? {
        var value = text
        for (from, to) in [("年", "-"), ("月", "-"), ("日", ""), ("号", ""), ("/", "-"), (".", "-")] {
            value = value.replacingOccurrences(of: from, with: to)
        }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        else { return nil }
        return CalendarDay(String(format: "%04d-%02d-%02d", year, month, day))
    }

    static let yes: Set<String> = ["是", "Y", "YES", "TRUE", "1", "√", "强检"]
    static let no: Set<String> = ["", "否", "N", "NO", "FALSE", "0", "×", "非强检"]

    /// 是否强检: 是/否 (also Y/N, TRUE/FALSE, 1/0, a boolean cell); blank is 否.
    static func mandatory(_ text: String, kind: XLSXSheet.Kind) throws -> Bool {
        let value = text.trimmingCharacters(in: .whitespaces).uppercased()
        if yes.contains(value) { return true }
        if no.contains(value) { return false }
        throw CustomerValidation.invalid("mandatory", "是否强检应填“是”或“否”，不能是“\(text.prefix(20))”", "RECORDS_MANDATORY_INVALID")
    }

    /// 强检用途: the Chinese title (贸易结算, 安全防护, 医疗卫生, 环境监测) or the code; anything else is passed on for
    /// `InstrumentValidation.mandatoryUse` to refuse.
    static func use(_ text: String) -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        return InstrumentValidation.useTitles.first { $0.value == value }?.key ?? value.lowercased()
    }

    /// 检定周期(月): a whole number of months, 1–120; blank is 12.
    static func cycle(_ text: String, kind: XLSXSheet.Kind) throws -> Int {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return 12 }
        guard let number = Double(value), number.isFinite, number == number.rounded(), abs(number) < 1_000_000 else {
            throw CustomerValidation.invalid("cycleMonths", "检定周期应为 1 到 120 之间的整数（月），不能是“\(value.prefix(20))”", "RECORDS_CYCLE_INVALID")
        }
        return try InstrumentValidation.cycle(Int(number))
    }
}
