import Contracts
import FormulaEngine
import Foundation
import RPCCore
import ServiceKit

/// The checks of one entered value against its data item (pure): what a number, date, choice or text must be.
enum EntryValidation {
    /// The value as it is stored: trimmed, a number's unit split off.
    struct Accepted: Equatable, Sendable {
        let value: String
        let unit: String
    }

    /// The longest text (or photo reference) a cell holds, the FieldText rule of other single-line fields.
    static let maxTextLength = 200

    static func check(_ raw: String, item: Metrology_Flows_V1_DataItem, cell: EntryCell) throws(RPCError) -> Accepted {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = item.title.isEmpty ? item.code : item.title
        guard !text.isEmpty else { throw RecordsErrors.value(cell, "请填写“\(title)”", "RECORDS_VALUE_REQUIRED") }
        switch item.kind {
        case "number", "table":
            return try number(text, item: item, cell: cell, title: title)
        case "date":
            guard let day = CalendarDay(text) else {
                throw RecordsErrors.value(cell, "“\(title)”应为 YYYY-MM-DD 格式的有效日期", "RECORDS_VALUE_INVALID")
            }
            return Accepted(value: day.description, unit: "")
        case "choice":
            let choice = text.precomposedStringWithCanonicalMapping
            guard let match = item.choices.first(where: { $0.precomposedStringWithCanonicalMapping == choice }) else {
                throw RecordsErrors.value(
                    cell, "“\(title)”只能是以下之一：\(item.choices.joined(separator: "、"))", "RECORDS_VALUE_NOT_A_CHOICE",
                    ["choices": item.choices.joined(separator: "|")])
            }
            return Accepted(value: match, unit: "")
        default:
            // text, and photo (a reference to the picture): the characters HumanText allows on a single line.
            let checked = try FieldText(field: "value", title: "“\(title)”", required: true, maxLength: .max, reasonPrefix: "RECORDS_VALUE").check(
                text)
            guard checked.count <= maxTextLength else {
                throw RecordsErrors.value(
                    cell, "“\(title)”不能超过 \(maxTextLength) 个字符", "RECORDS_VALUE_TOO_LONG", ["maxLength": "\(maxTextLength)"])
            }
            return Accepted(value: checked, unit: "")
        }
    }

    /// A decimal, optionally followed by the item's unit ("20.05 L"); within min/max; a multiple of the resolution.
    static func number(_ text: String, item: Metrology_Flows_V1_DataItem, cell: EntryCell, title: String) throws(RPCError) -> Accepted {
        var digits = Substring(text)
        var unit = ""
        if let space = text.firstIndex(where: { $0 == " " }) {
            digits = text[..<space]
            unit = text[space...].trimmingCharacters(in: .whitespaces)
        }
        if !unit.isEmpty && unit != item.unit {
            throw RecordsErrors.value(
                cell, "“\(title)”的单位应为\(item.unit.isEmpty ? "无单位" : " \(item.unit)")，不能是 \(unit)", "RECORDS_VALUE_UNIT",
                ["unit": unit, "expectedUnit": item.unit])
        }
        let number: ExactDecimal
        do throws(FormulaError) {
            number = try ExactDecimal(parsing: String(digits))
        } catch {
            throw RecordsErrors.value(cell, "“\(title)”应为数值，“\(text.prefix(40))”不是有效的数值", "RECORDS_VALUE_INVALID")
        }
        let low = ExactDecimal(item.min)
        let high = ExactDecimal(item.max)
        if let low, number < low { throw rangeError(cell, title: title, item: item) }
        if let high, high < number { throw rangeError(cell, title: title, item: item) }
        if let resolution = ExactDecimal(item.resolution), !resolution.isZero, !resolution.isNegative, !isMultiple(number, of: resolution) {
            throw RecordsErrors.value(
                cell, "“\(title)”的分辨力为 \(item.resolution)\(item.unit.isEmpty ? "" : " " + item.unit)，\(digits) 不是它的整数倍",
                "RECORDS_VALUE_RESOLUTION", ["resolution": item.resolution])
        }
        let written = significantDigits(of: digits)
        if item.significantDigits > 0, written > Int(item.significantDigits) {
            throw RecordsErrors.value(
                cell, "“\(title)”至多 \(item.significantDigits) 位有效数字，\(digits) 有 \(written) 位",
                "RECORDS_VALUE_SIGNIFICANT_DIGITS", ["significantDigits": "\(item.significantDigits)"])
        }
        return Accepted(value: String(digits), unit: item.unit)
    }

    /// The significant digits a reading was written with: every digit from the first non-zero one on, trailing zeros
    /// included ("0.00120" has 3, "20.10" 4, "1200" 4); a zero has one.
    static func significantDigits(of text: Substring) -> Int {
        let digits = text.filter(\.isASCII).filter(\.isNumber).drop { $0 == "0" }
        return max(digits.count, 1)
    }

    static func rangeError(_ cell: EntryCell, title: String, item: Metrology_Flows_V1_DataItem) -> RPCError {
        let unit = item.unit.isEmpty ? "" : " " + item.unit
        let bounds: String
        switch (item.min.isEmpty, item.max.isEmpty) {
        case (false, false): bounds = "应在 \(item.min) 到 \(item.max)\(unit) 之间"
        case (false, true): bounds = "不能小于 \(item.min)\(unit)"
        default: bounds = "不能大于 \(item.max)\(unit)"
        }
        return RecordsErrors.value(cell, "“\(title)”\(bounds)", "RECORDS_VALUE_OUT_OF_RANGE", ["min": item.min, "max": item.max])
    }

    /// Whether `value` is an integer multiple of `step`, exactly: both aligned to the smaller exponent, the
    /// remainder taken digit by digit so a large exponent difference cannot overflow.
    static func isMultiple(_ value: ExactDecimal, of step: ExactDecimal) -> Bool {
        if value.isZero { return true }
        let exponent = min(value.exponent, step.exponent)
        // step' = step.significand × 10^(step.exponent − exponent); it must fit for the remainder to be taken.
        var divisor = step.significand.magnitude
        for _ in 0..<(step.exponent - exponent) {
            let (product, overflow) = divisor.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            divisor = product
        }
        var remainder = value.significand.magnitude % divisor
        for _ in 0..<(value.exponent - exponent) {
            // remainder < divisor < 2^128 / 10 holds for any divisor the loop above produced without overflow… except
            // the last factor; take the product in two halves when it would overflow.
            let (product, overflow) = remainder.multipliedReportingOverflow(by: 10)
            if overflow {
                var r: UInt128 = 0
                for _ in 0..<10 { r = (r &+ remainder) % divisor }
                remainder = r
            } else {
                remainder = product % divisor
            }
        }
        return remainder == 0
    }
}
