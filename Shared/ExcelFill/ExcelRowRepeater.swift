import FillCore

/// Repeats one sheet row per reading and moves everything below it.
///
/// The rule for what lies below (checked before anything changes, only when rows actually move, i.e. not exactly
/// one reading): what we can move exactly is moved — rows and cells (`r`), merged cells, defined names (print area
/// included), page breaks, pictures anchored to cells. What would need formula rewriting or knowledge we do not
/// have is refused with TEMPLATE_FILL_ROWS_BELOW instead of producing a file whose formulas or ranges silently
/// point at the wrong cells: a formula below the row, a formula elsewhere on the sheet referring to a row below it,
/// a formula on another sheet, a chart or pivot table or defined-name formula referring to the sheet, and Excel
/// tables, conditional formatting, data validation, hyperlinks, filters, protected ranges and comments reaching
/// below the row; also merged cells or pictures spanning the row itself. A formula inside the repeated row (other
/// than in a column cell, which is overwritten) is refused when the row is copied, since its relative references
/// would not follow the copies.
struct ExcelRowRepeater {
    let workbook: ExcelWorkbook
    let group: ExcelRowGroup
    let lookup: FillLookup

    var label: String { group.tables.first?.name ?? "ROW_" }

    func apply(_ report: inout FillReportBuilder) throws(FillError) {
        guard let sheet = try workbook.sheet(group.sheet) else { throw .rowNotInTable(label, "引用了不存在的工作表“\(group.sheet)”") }
        var rowsByTable: [String: [[String: FillValue]]] = [:]
        for table in group.tables {
            if let rows = lookup.rows(table.code) {
                rowsByTable[table.code.lowercased()] = rows
                report.filled(table.name, using: lookup.tables[table.code.lowercased()]?.name)
            } else {
                report.missing(table.name)
            }
        }
        let count = rowsByTable.values.map(\.count).max() ?? 0
        let shift = RowShift(row: group.row, count: count)

        // Column cells exist in the template row before it is copied.
        let columnCells = Set(group.columns.map(\.cell))
        for column in columnCells { _ = sheet.cell(column: column, row: group.row) }
        let template = sheet.row(group.row)
        let templateFormulas = sheet.formulas().filter { $0.row == group.row && !columnCells.contains($0.column) }
        if count > 1, let formula = templateFormulas.first {
            throw .rowsBelow(label, "重复行的单元格 \(ExcelArea.cellText(column: formula.column, row: formula.row)) 有公式，复制后引用不会随行变化")
        }
        if !templateFormulas.isEmpty && count == 0 { sheet.formulasChanged = true }
        let drawingAnchors = try ExcelPictures.anchors(of: sheet, package: workbook.package)
        if shift.delta != 0 { try checkBelow(sheet, shift, drawingAnchors: drawingAnchors) }
        let lastRow = sheet.rows.last.map(ExcelSheet.rowNumber) ?? group.row
        guard max(lastRow, group.row) + shift.delta <= 1_048_576 else {
            throw .tooLarge("“\(label)”展开后超出 Excel 的最大行数 1048576")
        }

        // Everything below moves first, then the copies take the template row's place.
        for row in sheet.rows where ExcelSheet.rowNumber(row) > group.row {
            let number = shift.shifted(ExcelSheet.rowNumber(row))
            row.setAttribute("r", String(number))
            for cell in row.elements where cell.is("c", sheet.s) {
                cell.setAttribute("r", ExcelArea.cellText(column: ExcelSheet.columnNumber(cell), row: number))
            }
        }
        var seen: [String: Bool] = [:]
        var copies: [XElement] = []
        for index in 0..<count {
            guard let template else { break }
            let copy = template.clone()
            let number = group.row + index
            copy.setAttribute("r", String(number))
            for cell in copy.elements where cell.is("c", sheet.s) {
                cell.setAttribute("r", ExcelArea.cellText(column: ExcelSheet.columnNumber(cell), row: number))
            }
            for column in group.columns {
                let rows = rowsByTable[column.table.lowercased()] ?? []
                let value = index < rows.count ? FillLookup.column(column.column, in: rows[index]) : nil
                seen[column.name] = (seen[column.name] ?? false) || value != nil
                if let cell = copy.elements.first(where: { $0.is("c", sheet.s) && ExcelSheet.columnNumber($0) == column.cell }) {
                    sheet.write(value, into: cell)
                }
            }
            copies.append(copy)
        }
        for (name, filled) in seen {
            if filled { report.filled(name) } else { report.missing(name) }
        }
        if let template, let index = sheet.sheetData.index(of: template) {
            sheet.sheetData.removeChild(at: index)
            sheet.sheetData.insert(copies, at: index)
        }
        guard shift.delta != 0 else { return }
        shiftMerges(sheet, shift)
        try shiftNames(shift)
        shiftBreaks(sheet, shift)
        ExcelPictures.shift(drawingAnchors, shift)
    }

    // MARK: Moving what can be moved

    private func shiftMerges(_ sheet: ExcelSheet, _ shift: RowShift) {
        guard let merges = sheet.document.root.child("mergeCells", sheet.s) else { return }
        for merge in merges.elements where merge.is("mergeCell", sheet.s) {
            guard let ref = merge.attribute("ref"), let area = ExcelArea.parse(Substring(ref)) else { continue }
            if area.firstRow == shift.row && area.lastRow == shift.row {
                // A merge inside the template row is copied with it.
                guard shift.count > 0 else {
                    merge.detach()
                    continue
                }
                var insertAt = (merges.index(of: merge) ?? 0) + 1
                for index in 1..<max(shift.count, 1) {
                    var copy = area
                    copy.first.row = shift.row + index
                    copy.last.row = shift.row + index
                    merges.insert(.element(XElement(merge.name, attributes: [("ref", copy.text)])), at: insertAt)
                    insertAt += 1
                }
            } else if let moved = shift.shifted(area) {
                merge.setAttribute("ref", moved.text)
            }
        }
        let total = merges.elements.filter { $0.is("mergeCell", sheet.s) }.count
        if total == 0 { merges.detach() } else { merges.setAttribute("count", String(total)) }
    }

    private func shiftNames(_ shift: RowShift) throws(FillError) {
        for element in workbook.allNameElements {
            let text = element.textContent
            guard let areas = ExcelArea.list(String(text.trimmingPrefix("=")), separator: ",") else { continue }
            var changed = false
            let moved = areas.map { area -> ExcelArea in
                guard area.sheet?.lowercased() == group.sheet.lowercased(), let result = shift.shifted(area) else { return area }
                changed = changed || result != area
                return result
            }
            if changed {
                element.removeAllChildren()
                element.append(.plain(moved.map(\.text).joined(separator: ",")))
            }
        }
    }

    private func shiftBreaks(_ sheet: ExcelSheet, _ shift: RowShift) {
        guard let breaks = sheet.document.root.child("rowBreaks", sheet.s) else { return }
        for item in breaks.elements where item.is("brk", sheet.s) {
            // `id` is the row after which the page breaks.
            if let id = item.attribute("id").flatMap({ Int($0) }), id >= shift.row { item.setAttribute("id", String(max(id + shift.delta, 1))) }
        }
    }

    // MARK: Refusing what cannot

    private func checkBelow(_ sheet: ExcelSheet, _ shift: RowShift, drawingAnchors: [ExcelPictures.Anchor]) throws(FillError) {
        let row = shift.row
        for formula in sheet.formulas() where formula.row != row {
            let cell = ExcelArea.cellText(column: formula.column, row: formula.row)
            if formula.row > row { throw .rowsBelow(label, "重复行下方的单元格 \(cell) 有公式") }
            if FormulaRows.refersBelow(formula.text, row: row) { throw .rowsBelow(label, "单元格 \(cell) 的公式引用了重复行下方的单元格") }
        }
        let sheetKey = sheet.name.lowercased()
        for other in workbook.sheets where other.name.lowercased() != sheetKey {
            guard let document = try workbook.package.xml(other.part) else { continue }
            for element in document.root.descendants() where element.local == "f" && element.textContent.lowercased().contains(sheetKey) {
                throw .rowsBelow(label, "工作表“\(other.name)”中的公式引用了本工作表")
            }
        }
        for element in workbook.allNameElements {
            let text = element.textContent
            if ExcelArea.list(String(text.trimmingPrefix("=")), separator: ",") == nil && text.lowercased().contains(sheetKey) {
                throw .rowsBelow(label, "名称“\(element.attribute("name") ?? "")”是引用本工作表的公式")
            }
        }
        for part in workbook.package.partNames {
            let key = part.lowercased()
            guard key.hasPrefix("xl/charts/") || key.hasPrefix("xl/pivotcache/"), key.hasSuffix(".xml"), let data = try workbook.package.data(part)
            else {
                continue
            }
            if String(decoding: data, as: UTF8.self).lowercased().contains(sheetKey) { throw .rowsBelow(label, "图表或数据透视表 \(part) 引用了本工作表") }
        }
        let rangeElements: [(String, String, String)] = [
            ("conditionalFormatting", "sqref", "条件格式"), ("dataValidation", "sqref", "数据验证"), ("hyperlink", "ref", "超链接"),
            ("autoFilter", "ref", "筛选"), ("sortState", "ref", "排序"), ("protectedRange", "sqref", "受保护区域"), ("ignoredError", "sqref", "忽略错误区域"),
        ]
        for element in sheet.document.root.descendants() {
            guard let (_, attribute, title) = rangeElements.first(where: { $0.0 == element.local }), let value = element.attribute(attribute) else {
                continue
            }
            guard let areas = ExcelArea.list(value, separator: " ") else { throw .rowsBelow(label, "无法识别的\(title)范围 \(value)") }
            if areas.contains(where: shift.reachesBelow) { throw .rowsBelow(label, "\(title)（\(value)）位于重复行下方") }
        }
        if let merges = sheet.document.root.child("mergeCells", sheet.s) {
            for merge in merges.elements {
                guard let ref = merge.attribute("ref"), let area = ExcelArea.parse(Substring(ref)), let first = area.firstRow, let last = area.lastRow
                else { continue }
                if first <= row && last >= row && first != last { throw .rowsBelow(label, "合并单元格 \(ref) 跨越了重复行") }
            }
        }
        for anchor in drawingAnchors where anchor.fromRow <= row && anchor.toRow > row {
            throw .rowsBelow(label, "图片或图形跨越了重复行")
        }
        let relationships = try workbook.package.relationships(of: sheet.part)
        for relationship in relationships.all where !relationship.isExternal {
            let kind = relationship.type.split(separator: "/").last.map(String.init) ?? ""
            guard kind == "table" || kind == "comments", let part = PartName.resolve(relationship.target, from: sheet.part),
                let document = try workbook.package.xml(part)
            else { continue }
            let refs =
                kind == "table"
                ? [document.root.attribute("ref")] : document.root.descendants().filter { $0.local == "comment" }.map { $0.attribute("ref") }
            for ref in refs {
                guard let ref, let area = ExcelArea.parse(Substring(ref)) else { continue }
                if shift.reachesBelow(area) { throw .rowsBelow(label, kind == "table" ? "Excel 表格（\(ref)）位于重复行下方" : "批注（\(ref)）位于重复行下方") }
            }
        }
    }
}

/// Finds row numbers a formula refers to, conservatively: any A1 cell (`B12`, `$B$12`) or row range (`12:14`)
/// outside string literals. A sheet-qualified reference to another sheet counts too; that only makes the
/// filler refuse more often, never produce a wrong file.
enum FormulaRows {
    static func refersBelow(_ formula: String, row: Int) -> Bool {
        var text = ""
        var inString = false
        for character in formula {
            if character == "\"" { inString.toggle() } else if !inString { text.append(character) }
        }
        for match in text.matches(of: #/(?:^|[^A-Za-z0-9_.$])\$?[A-Za-z]{1,3}\$?([0-9]{1,7})(?![0-9A-Za-z_(])/#) {
            if let number = Int(match.1), number > row { return true }
        }
        for match in text.matches(of: #/(?:^|[^A-Za-z0-9_.$])\$?([0-9]{1,7}):\$?([0-9]{1,7})/#) {
            if let first = Int(match.1), let last = Int(match.2), max(first, last) > row { return true }
        }
        return false
    }
}
