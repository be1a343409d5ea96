import Foundation

/// One area of an A1 reference as a defined name or a `ref`/`sqref` attribute writes it: `$B$3`, `B3:D3`, `$5:$5`,
/// `A:C`, optionally after a sheet (`Sheet1!`, `'My sheet'!`). The `$` marks are kept so a shifted reference is
/// written back as the author wrote it.
struct ExcelArea: Hashable {
    struct End: Hashable {
        var column: Int?
        var row: Int?
        var absoluteColumn = false
        var absoluteRow = false

        var text: String {
            var result = ""
            if let column { result += (absoluteColumn ? "$" : "") + ExcelArea.letters(column) }
            if let row { result += (absoluteRow ? "$" : "") + String(row) }
            return result
        }
    }

    /// As written (unquoted); nil when the area has no sheet.
    var sheet: String?
    var first: End
    var last: End

    var firstRow: Int? { first.row }
    var lastRow: Int? { last.row }
    /// The top-left cell, for names that refer to a range or whole rows/columns.
    var topLeft: (column: Int, row: Int) { (first.column ?? 1, first.row ?? 1) }

    /// "Sheet1!$B$3:$D$3"; the sheet quoted when it is not a plain word.
    var text: String {
        let area = first == last ? first.text : "\(first.text):\(last.text)"
        guard let sheet else { return area }
        let plain = sheet.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } && !(sheet.first?.isNumber ?? true)
        return (plain ? sheet : "'\(sheet.replacingOccurrences(of: "'", with: "''"))'") + "!" + area
    }

    /// Parses one area; nil for anything else (formulas, constants, `#REF!`, external `[1]Sheet1!A1`).
    static func parse(_ text: Substring) -> ExcelArea? {
        var rest = text.drop { $0 == " " }
        var sheet: String?
        if rest.hasPrefix("'") {
            var name = ""
            var index = rest.index(after: rest.startIndex)
            var closed = false
            while index < rest.endIndex {
                let next = rest.index(after: index)
                if rest[index] == "'" {
                    if next < rest.endIndex && rest[next] == "'" {
                        name.append("'")
                        index = rest.index(after: next)
                        continue
                    }
                    guard next < rest.endIndex, rest[next] == "!" else { return nil }
                    rest = rest[rest.index(after: next)...]
                    closed = true
                    break
                }
                name.append(rest[index])
                index = next
            }
            guard closed, !name.contains("[") else { return nil }
            sheet = name
        } else if let bang = rest.firstIndex(of: "!") {
            let name = rest[..<bang]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
            sheet = String(name)
            rest = rest[rest.index(after: bang)...]
        }
        let ends = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(ends.count), let first = end(ends[0]), let last = ends.count == 2 ? end(ends[1]) : first else { return nil }
        guard (first.column == nil) == (last.column == nil), (first.row == nil) == (last.row == nil) else { return nil }
        if ends.count == 1 && (first.column == nil || first.row == nil) { return nil }
        return ExcelArea(sheet: sheet, first: first, last: last)
    }

    /// A space-separated `sqref` or comma-separated list of areas; nil if any part does not parse.
    static func list(_ text: String, separator: Character) -> [ExcelArea]? {
        var result: [ExcelArea] = []
        for piece in text.split(separator: separator) {
            guard let area = parse(piece) else { return nil }
            result.append(area)
        }
        return result
    }

    private static func end(_ text: Substring) -> End? {
        var rest = text.drop { $0 == " " }
        while rest.last == " " { rest = rest.dropLast() }
        var end = End()
        if rest.hasPrefix("$") {
            end.absoluteColumn = true
            rest = rest.dropFirst()
        }
        let letters = rest.prefix { $0.isASCII && $0.isLetter }
        rest = rest.dropFirst(letters.count)
        if letters.isEmpty {
            // "$5" is an absolute row, not an absolute column.
            end.absoluteRow = end.absoluteColumn
            end.absoluteColumn = false
        } else if rest.hasPrefix("$") {
            end.absoluteRow = true
            rest = rest.dropFirst()
        }
        guard letters.count <= 3, rest.count <= 7, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        end.column = letters.isEmpty ? nil : column(letters)
        end.row = rest.isEmpty ? nil : Int(rest)
        guard end.column != nil || end.row != nil else { return nil }
        if let column = end.column, column > 16_384 { return nil }
        if let row = end.row, !(1...1_048_576).contains(row) { return nil }
        return end
    }

    static func column(_ letters: Substring) -> Int {
        letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    static func letters(_ column: Int) -> String {
        var column = column
        var result = ""
        while column > 0 {
            let remainder = (column - 1) % 26
            result = String(UnicodeScalar(UInt8(65 + remainder))) + result
            column = (column - 1) / 26
        }
        return result
    }

    /// "B12" → (2, 12).
    static func cell(_ text: String) -> (column: Int, row: Int)? {
        guard let area = parse(Substring(text)), area.first == area.last, let column = area.first.column, let row = area.first.row else { return nil }
        return (column, row)
    }

    static func cellText(column: Int, row: Int) -> String { letters(column) + String(row) }
}
