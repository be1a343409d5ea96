import FillCore

/// One worksheet part being filled: its rows and cells (`sheetData`), written in place so styles, widths and
/// everything else in the part stay as the template had them.
final class ExcelSheet {
    let name: String
    let part: String
    let document: XDocument
    var namespaces: XNamespaces
    /// Prefixes of the spreadsheetml namespace, and the one new elements use.
    let s: Set<String>
    let prefix: String
    let sheetData: XElement
    /// Whether a formula was removed or moved, so calcChain must go.
    var formulasChanged = false

    init(name: String, part: String, document: XDocument) throws(FillError) {
        self.name = name
        self.part = part
        self.document = document
        namespaces = try XNamespaces(document, part: part)
        s = namespaces.prefixes(OOXML.spreadsheet)
        prefix = s.contains("") ? "" : (s.sorted().first ?? "")
        guard let sheetData = document.root.child("sheetData", s) else { throw .xmlInvalid(part, "工作表没有 sheetData") }
        self.sheetData = sheetData
        try normalise()
    }

    func q(_ local: String) -> String { prefix.isEmpty ? local : "\(prefix):\(local)" }

    var rows: [XElement] { sheetData.elements.filter { $0.is("row", s) } }

    /// Gives every row and cell an explicit `r` (the schema lets writers omit it; positions then count from the
    /// previous one), so shifting can rewrite them.
    private func normalise() throws(FillError) {
        var previousRow = 0
        for row in rows {
            let number = row.attribute("r").flatMap { Int($0) } ?? previousRow + 1
            guard number > previousRow, number <= 1_048_576 else { throw .xmlInvalid(part, "行号 \(number) 顺序错误") }
            row.setAttribute("r", String(number))
            previousRow = number
            var previousColumn = 0
            for cell in row.elements where cell.is("c", s) {
                let column = cell.attribute("r").flatMap(ExcelArea.cell)?.column ?? previousColumn + 1
                guard column > previousColumn, column <= 16_384 else { throw .xmlInvalid(part, "第 \(number) 行的单元格顺序错误") }
                cell.setAttribute("r", ExcelArea.cellText(column: column, row: number))
                previousColumn = column
            }
        }
    }

    static func rowNumber(_ row: XElement) -> Int { row.attribute("r").flatMap { Int($0) } ?? 0 }
    static func columnNumber(_ cell: XElement) -> Int { cell.attribute("r").flatMap(ExcelArea.cell)?.column ?? 0 }

    func row(_ number: Int) -> XElement? { rows.first { Self.rowNumber($0) == number } }

    /// The cell, created (in column order, in a row created in row order) when absent.
    func cell(column: Int, row number: Int) -> XElement {
        let row: XElement
        if let existing = self.row(number) {
            row = existing
        } else {
            row = XElement(q("row"), attributes: [("r", String(number))])
            let index = sheetData.children.firstIndex {
                if case .element(let element) = $0 { element.is("row", s) && Self.rowNumber(element) > number } else { false }
            }
            sheetData.insert(.element(row), at: index ?? sheetData.children.count)
        }
        let reference = ExcelArea.cellText(column: column, row: number)
        for cell in row.elements where cell.is("c", s) && Self.columnNumber(cell) == column { return cell }
        let cell = XElement(q("c"), attributes: [("r", reference)])
        // A new cell takes the row's style when the row has one (Excel's own behaviour for typing into it).
        if row.attribute("customFormat") == "1", let style = row.attribute("s") { cell.setAttribute("s", style) }
        let index = row.children.firstIndex {
            if case .element(let element) = $0 { element.is("c", s) && Self.columnNumber(element) > column } else { false }
        }
        row.insert(.element(cell), at: index ?? row.children.count)
        return cell
    }

    /// Writes `value` into the cell, keeping its style (`s`): text as an inline string, a plain decimal marked
    /// `.number` as a number; nil empties the cell. Any formula in the cell is removed.
    func write(_ value: FillValue?, into cell: XElement) {
        if cell.child("f", s) != nil { formulasChanged = true }
        let extensions = cell.child("extLst", s)
        cell.removeAllChildren()
        cell.removeAttribute("t")
        cell.removeAttribute("cm")
        cell.removeAttribute("vm")
        switch value {
        case .number(let text) where Self.isPlainNumber(text):
            cell.append(.element(XElement(q("v"), children: [.plain(text)])))
        case .some(let value) where !value.text.isEmpty:
            cell.setAttribute("t", "inlineStr")
            let t = XElement(q("t"), attributes: [("xml:space", "preserve")], children: [.plain(value.text)])
            cell.append(.element(XElement(q("is"), children: [.element(t)])))
        default:
            break
        }
        if let extensions { cell.append(.element(extensions)) }
    }

    /// "12.30", "-0.5", "1E-3": what `<v>` of a number cell may hold.
    static func isPlainNumber(_ text: String) -> Bool {
        // By hand rather than a regex: compiling one per value cost more than the rest of writing the cell.
        var rest = Substring(text)
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        func digits() -> Bool {
            let count = rest.prefix { $0.isASCII && $0.isNumber }.count
            rest = rest.dropFirst(count)
            return count > 0
        }
        guard digits() else { return false }
        if rest.hasPrefix(".") {
            rest = rest.dropFirst()
            guard digits() else { return false }
        }
        if rest.hasPrefix("e") || rest.hasPrefix("E") {
            rest = rest.dropFirst()
            if rest.hasPrefix("+") || rest.hasPrefix("-") { rest = rest.dropFirst() }
            guard digits() else { return false }
        }
        return rest.isEmpty && Double(text)?.isFinite == true
    }

    /// Every formula: (row, column, text).
    func formulas() -> [(row: Int, column: Int, text: String)] {
        var result: [(Int, Int, String)] = []
        for row in rows {
            for cell in row.elements where cell.is("c", s) {
                if let formula = cell.child("f", s) { result.append((Self.rowNumber(row), Self.columnNumber(cell), formula.textContent)) }
            }
        }
        return result
    }

    /// `dimension` recomputed from the cells present (after rows were added or removed).
    func updateDimension() {
        guard let dimension = document.root.child("dimension", s) else { return }
        var minRow = Int.max
        var maxRow = 0
        var minColumn = Int.max
        var maxColumn = 0
        for row in rows {
            let number = Self.rowNumber(row)
            for cell in row.elements where cell.is("c", s) {
                let column = Self.columnNumber(cell)
                minRow = min(minRow, number)
                maxRow = max(maxRow, number)
                minColumn = min(minColumn, column)
                maxColumn = max(maxColumn, column)
            }
        }
        guard maxRow > 0 else {
            dimension.setAttribute("ref", "A1")
            return
        }
        let first = ExcelArea.cellText(column: minColumn, row: minRow)
        let last = ExcelArea.cellText(column: maxColumn, row: maxRow)
        dimension.setAttribute("ref", first == last ? first : "\(first):\(last)")
    }

    /// The sheet's relationships' prefix for `r:id` attributes, declared on the root if needed.
    func relationshipPrefix() -> String { namespaces.ensure(OOXML.relationshipsURI, preferred: "r", in: document) }

    /// Inserts `element` where CT_Worksheet's sequence wants it: before the first child named in `before`.
    func insertInOrder(_ element: XElement, before: [String]) {
        let index = document.root.children.firstIndex {
            if case .element(let child) = $0 { before.contains(child.local) && s.contains(child.prefix) } else { false }
        }
        document.root.insert(.element(element), at: index ?? document.root.children.count)
    }
}
