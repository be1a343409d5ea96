import Foundation

/// The target of an Excel defined name, when it is one area on one sheet: `Sheet1!$B$3`, `'My sheet'!B3:D3`,
/// `Sheet1!$5:$5`, `Sheet1!$A:$C`. Formulas, constants, unions, 3-D and external references (`[1]Sheet1!A1`) and
/// `#REF!` are not areas the filler could write into, so they do not parse.
struct CellReference: Hashable {
    static let maxRow = 1_048_576
    static let maxColumn = 16_384

    let sheet: String
    /// 1-based; nil for whole rows (firstColumn) or whole columns (firstRow).
    let firstColumn: Int?
    let firstRow: Int?
    let lastColumn: Int?
    let lastRow: Int?

    /// The single row the area lies in, if it lies in one.
    var row: Int? { firstRow != nil && firstRow == lastRow ? firstRow : nil }

    /// As the author would write it, without `$`: "B3", "B3:D3", "5:5", "A:C".
    var areaText: String {
        func cell(_ column: Int?, _ row: Int?) -> String { (column.map(Self.letters) ?? "") + (row.map(String.init) ?? "") }
        let first = cell(firstColumn, firstRow)
        let last = cell(lastColumn, lastRow)
        return first == last && firstColumn != nil && firstRow != nil ? first : "\(first):\(last)"
    }

    static func parse(_ text: String) -> CellReference? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("=") { rest = rest.dropFirst() }
        guard let (sheet, area) = splitSheet(rest), !sheet.isEmpty else { return nil }
        let ends = area.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(ends.count) else { return nil }
        guard let first = cell(ends[0]), let last = ends.count == 2 ? cell(ends[1]) : first else { return nil }
        // Both ends must be the same shape: cell:cell, row:row or column:column.
        guard (first.column == nil) == (last.column == nil), (first.row == nil) == (last.row == nil) else { return nil }
        if ends.count == 1 && (first.column == nil || first.row == nil) { return nil }
        return CellReference(
            sheet: sheet, firstColumn: min(first.column, last.column), firstRow: min(first.row, last.row),
            lastColumn: max(first.column, last.column), lastRow: max(first.row, last.row))
    }

    /// `'It''s'!A1` → ("It's", "A1"); `Sheet1!A1` → ("Sheet1", "A1").
    private static func splitSheet(_ text: Substring) -> (String, Substring)? {
        if text.hasPrefix("'") {
            var name = ""
            var index = text.index(after: text.startIndex)
            while index < text.endIndex {
                let character = text[index]
                let next = text.index(after: index)
                if character == "'" {
                    if next < text.endIndex && text[next] == "'" {
                        name.append("'")
                        index = text.index(after: next)
                        continue
                    }
                    guard next < text.endIndex, text[next] == "!" else { return nil }
                    return name.contains(where: { "[]:".contains($0) }) ? nil : (name, text[text.index(after: next)...])
                }
                name.append(character)
                index = next
            }
            return nil
        }
        guard let bang = text.firstIndex(of: "!") else { return nil }
        let name = text[..<bang]
        // Unquoted sheet names are plain words; anything else here is a formula, a 3-D or an external reference.
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return (String(name), text[text.index(after: bang)...])
    }

    /// One end of an area: "$B$3", "B3", "$5", "$B".
    private static func cell(_ text: Substring) -> (column: Int?, row: Int?)? {
        var rest = text
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        let letters = rest.prefix(while: { $0.isASCII && $0.isLetter })
        rest = rest.dropFirst(letters.count)
        if rest.hasPrefix("$") {
            guard !letters.isEmpty else { return nil }
            rest = rest.dropFirst()
        }
        guard letters.count <= 3, rest.allSatisfy({ $0.isASCII && $0.isNumber }), rest.count <= 7 else { return nil }
        let column = letters.isEmpty ? nil : columnNumber(letters)
        let row = rest.isEmpty ? nil : Int(rest)
        guard column != nil || row != nil else { return nil }
        if let column, column > maxColumn { return nil }
        if let row, !(1...maxRow).contains(row) { return nil }
        return (column, row)
    }

    static func columnNumber(_ letters: Substring) -> Int {
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
}

private func min(_ a: Int?, _ b: Int?) -> Int? { a.flatMap { a in b.map { Swift.min(a, $0) } } }
private func max(_ a: Int?, _ b: Int?) -> Int? { a.flatMap { a in b.map { Swift.max(a, $0) } } }
