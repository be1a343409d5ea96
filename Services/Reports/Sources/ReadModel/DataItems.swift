import Contracts
import Foundation

/// The procedure's own data items of one record, as the `data` column keeps them: a JSON object from the item code
/// (a table cell as `code[point,run]`) to its value, entered values first and computed ones over them. A value that
/// reads as a decimal number is a JSON number (its text kept digit for digit), so that a range filter compares it as
/// a number; anything else is a JSON string.
struct DataItems: Equatable {
    /// Code → (JSON text of the value, whether it is a number), in code order.
    private(set) var items: [String: (json: String, numeric: Bool)] = [:]

    static func == (lhs: DataItems, rhs: DataItems) -> Bool {
        lhs.items.mapValues(\.json) == rhs.items.mapValues(\.json)
    }

    init(task: Metrology_Records_V1_Task) {
        for value in task.values { set(value.cell, value.value) }
        for value in task.computed { set(value.cell, value.value) }
    }

    static func key(_ cell: Metrology_Records_V1_Cell) -> String {
        cell.point == 0 && cell.run == 0 ? cell.itemCode : "\(cell.itemCode)[\(cell.point),\(cell.run)]"
    }

    private mutating func set(_ cell: Metrology_Records_V1_Cell, _ value: String) {
        let key = Self.key(cell)
        guard !cell.itemCode.isEmpty, key.utf8.count <= 128 else { return }
        if let number = Self.number(value) {
            items[key] = (number, true)
        } else {
            items[key] = (Self.jsonString(value), false)
        }
    }

    /// The JSON object's text; keys sorted so the same record always gives the same text.
    var json: String {
        "{" + items.keys.sorted().map { "\(Self.jsonString($0)):\(items[$0]?.json ?? "null")" }.joined(separator: ",") + "}"
    }

    var codes: [String] { items.keys.sorted() }
    var numericFlags: [Bool] { codes.map { items[$0]?.numeric ?? false } }

    /// A plain decimal (-12.5, 0.003, 42) in JSON's number syntax, or nil. Leading zeros ("007") and exponents stay
    /// text: a serial-like "007" is not meant as seven, and JSON forbids the leading zero.
    static func number(_ text: String) -> String? {
        let scalars = Array(text.utf8)
        guard !scalars.isEmpty, scalars.count <= 40 else { return nil }
        var index = 0
        if scalars[0] == UInt8(ascii: "-") { index = 1 }
        let digits = scalars[index...]
        guard let first = digits.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
        var seenPoint = false
        var previous: UInt8 = 0
        for (offset, byte) in digits.enumerated() {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, offset > 0 else { return nil }
                seenPoint = true
            } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                return nil
            }
            if offset == 1, first == UInt8(ascii: "0"), byte != UInt8(ascii: ".") { return nil }
            previous = byte
        }
        guard previous != UInt8(ascii: ".") else { return nil }
        return text
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value == 0: break  // PostgreSQL's jsonb cannot hold U+0000: dropped
            case let s where s.value < 0x20:
                out += String(format: "\\u%04x", s.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
