import FillCore

extension WordPartFiller {
    /// Repeats the table row holding `marker` (a `ROW_<table>` bookmark) once per reading and removes the template
    /// row. Several `ROW_` bookmarks in one row repeat it as often as the longest of their tables; a shorter table's
    /// columns are empty in the extra copies.
    ///
    /// In each copy the column bookmarks `<table>_<column>` get that reading's value and other bookmarks their single
    /// value; then every bookmark element is removed from the copy, since Word requires bookmark names and ids to be
    /// unique. The template row's own `ROW_`/column bookmarks go with it (their ends too, wherever they are).
    func repeatRow(of marker: Bookmark, _ report: inout FillReportBuilder) throws(FillError) {
        let row = try templateRow(of: marker)
        guard let table = row.parent, let rowIndex = table.index(of: row) else { throw .rowNotInTable(marker.name, "表格行没有上级表格") }
        let leading = leadingBookmarks(before: row, in: table, at: rowIndex)
        let inside = bookmarks(in: row)
        let all = leading + inside

        var tables: [(code: String, marker: String, rows: [[String: FillValue]])] = []
        for bookmark in all {
            guard let code = FillNames.rowTable(bookmark.name), !tables.contains(where: { $0.code.lowercased() == code.lowercased() }) else {
                continue
            }
            if let rows = lookup.rows(code) {
                report.filled(bookmark.name, using: lookup.tables[code.lowercased()]?.name)
                tables.append((code, bookmark.name, rows))
            } else {
                report.missing(bookmark.name)
                tables.append((code, bookmark.name, []))
            }
        }
        let count = tables.map(\.rows.count).max() ?? 0
        var columnsSeen: [String: Bool] = [:]
        var copies: [XElement] = []
        copies.reserveCapacity(count)
        for index in 0..<count {
            let copy = row.clone()
            for bookmark in bookmarks(in: copy) + leading {
                let isLeading = leading.contains { $0.start === bookmark.start }
                let start = isLeading ? nil : bookmark.start
                if FillNames.rowTable(bookmark.name) != nil { continue }
                if let (table, column) = FillNames.column(bookmark.name, tables: tables.map(\.code)) {
                    let rows = tables.first { $0.code == table }?.rows ?? []
                    let value = index < rows.count ? FillLookup.column(column, in: rows[index]) : nil
                    if value != nil {
                        columnsSeen[bookmark.name] = true
                    } else if columnsSeen[bookmark.name] == nil {
                        columnsSeen[bookmark.name] = false
                    }
                    replaceContent(scope: copy, start: start, id: bookmark.id) { rPr in self.textRuns(value?.text ?? "", rPr: rPr) }
                } else if !isLeading {
                    try fillSingle(bookmark, scope: copy, &report)
                }
            }
            removeBookmarks(in: copy)
            copies.append(copy)
        }
        for (name, seen) in columnsSeen {
            if seen { report.filled(name) } else { report.missing(name) }
        }

        // Ends of the removed bookmarks may lie outside the row (a bookmark over a whole row ends after it).
        let removedIDs = Set(all.compactMap(\.id))
        for bookmark in leading { bookmark.start.detach() }
        table.insert(copies, at: rowIndex + 1 - leading.count)
        row.detach()
        for element in document.root.descendants() where element.is("bookmarkEnd", w) {
            if let id = element.attribute(local: "id", prefixes: wa), removedIDs.contains(id) { element.detach() }
        }
    }

    /// The `w:tr` a `ROW_` bookmark belongs to: the row it lies in, or — when Word wrote it directly inside `w:tbl`
    /// — the row right after it.
    private func templateRow(of marker: Bookmark) throws(FillError) -> XElement {
        if let row = marker.start.ancestors.first(where: { $0.is("tr", w) }) { return row }
        if let parent = marker.start.parent, parent.is("tbl", w), let index = parent.index(of: marker.start) {
            for case .element(let element) in parent.children[(index + 1)...] {
                if element.is("tr", w) { return element }
                if !element.is("bookmarkStart", w) && !element.is("bookmarkEnd", w) { break }
            }
        }
        throw .rowNotInTable(marker.name, "书签不在表格行内（\(part)）。请把它放进读数表样例行的单元格中")
    }

    /// Bookmarks written between the previous row and this one (Word puts whole-row and column bookmarks there).
    private func leadingBookmarks(before row: XElement, in table: XElement, at rowIndex: Int) -> [Bookmark] {
        var result: [Bookmark] = []
        for child in table.children[..<rowIndex].reversed() {
            guard case .element(let element) = child else { continue }
            if element.is("bookmarkStart", w) {
                if let name = element.attribute(local: "name", prefixes: wa), !name.isEmpty {
                    result.insert(Bookmark(start: element, name: name, id: element.attribute(local: "id", prefixes: wa)), at: 0)
                }
            } else if !element.is("bookmarkEnd", w) {
                break
            }
        }
        return result
    }

    private func removeBookmarks(in scope: XElement) {
        for element in scope.descendants() where element.is("bookmarkStart", w) || element.is("bookmarkEnd", w) { element.detach() }
    }
}
