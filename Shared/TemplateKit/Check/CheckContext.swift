/// The working state of one `TemplateCheck.check` run.
struct CheckContext {
    let inspection: TemplateInspection
    let dataItems: [TemplateDataItem]
    /// Data items and the reserved tables by lower-cased code (codes are unique case-insensitively in a procedure; the
    /// first wins).
    let items: [String: TemplateDataItem]
    /// "书签" for Word, "名称" for Excel, so messages use the author's word.
    let noun: String
    private(set) var issues: [TemplateIssue] = []
    /// The fields without their duplicates, in document order.
    private(set) var unique: [TemplateField] = []
    /// Rows marked `ROW_<table>`, by lower-cased table code.
    private(set) var repeatedRows: [String: Set<TemplateRowPosition>] = [:]

    init(inspection: TemplateInspection, dataItems: [TemplateDataItem]) {
        self.inspection = inspection
        self.dataItems = dataItems
        // The procedure's items first, so that one of the reserved tables' codes stays the procedure's.
        items = Dictionary((dataItems + TemplateReservedTable.all).map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        noun = inspection.format == .docx ? "书签" : "名称"
    }

    mutating func error(_ field: TemplateField, _ code: String, _ message: String) {
        issues.append(TemplateIssue(severity: .error, field: field.name, code: code, message: message, location: field.location))
    }

    mutating func warning(_ field: String, _ code: String, _ message: String) {
        issues.append(TemplateIssue(severity: .warning, field: field, code: code, message: message))
    }

    /// Duplicates first, then each remaining field on its own.
    mutating func checkFields() {
        var seen: [String: TemplateField] = [:]
        for field in inspection.bookmarks {
            if let first = seen[field.name.lowercased()] {
                error(field, "TEMPLATE_DUPLICATE_BOOKMARK", "\(noun)“\(field.name)”与 \(first.location) 处的同名\(noun)重复，每个\(noun)只能用一次")
                continue
            }
            seen[field.name.lowercased()] = field
            unique.append(field)
            if case .repeatingRow(let table) = field.kind, let row = field.row {
                repeatedRows[table.lowercased(), default: []].insert(row)
            }
        }
        for field in unique { check(field) }
    }

    private mutating func check(_ field: TemplateField) {
        if let problem = field.problem {
            error(field, "TEMPLATE_BAD_REFERENCE", "\(noun)“\(field.name)”\(problem)，无法填写")
            return
        }
        guard !field.isReserved else { return }
        switch field.kind {
        case .value: checkValue(field)
        case .repeatingRow(let table): checkRow(field, table: table)
        case .column(let table, let column): checkColumn(field, table: table, column: column)
        }
    }

    private mutating func checkValue(_ field: TemplateField) {
        if let item = items[field.name.lowercased()] {
            if item.isTable {
                error(
                    field, "TEMPLATE_TABLE_AS_VALUE",
                    "“\(item.code)”（\(item.title)）是读数表，不能用单个\(noun)承载；请在表格行中放 ROW_\(item.code) 和各列\(noun)")
            }
            return
        }
        // "readings_value" outside the ROW_readings row: a column in the wrong place rather than an unknown name.
        if let (table, column) = tableColumn(underscored: field.name) {
            error(field, "TEMPLATE_COLUMN_OUTSIDE_ROW", "\(noun)“\(field.name)”是读数表“\(table.code)”的列“\(column)”，必须与 ROW_\(table.code) 位于同一行")
            return
        }
        error(field, "TEMPLATE_UNKNOWN_BOOKMARK", "\(noun)“\(field.name)”在检测流程中没有对应的数据项")
    }

    private mutating func checkRow(_ field: TemplateField, table: String) {
        guard let item = tableItem(field, table) else { return }
        guard field.row != nil else {
            let place = inspection.format == .docx ? "必须放在表格的某一行内" : "必须引用单独的一行（如 Sheet1!$5:$5）"
            error(field, "TEMPLATE_ROW_OUTSIDE_TABLE", "读数表“\(item.code)”的重复行\(noun)“\(field.name)”\(place)")
            return
        }
    }

    private mutating func checkColumn(_ field: TemplateField, table: String, column: String) {
        guard let item = tableItem(field, table) else { return }
        guard item.columns.contains(where: { $0.lowercased() == column.lowercased() }) else {
            error(
                field, "TEMPLATE_COLUMN_UNKNOWN",
                "读数表“\(item.code)”（\(item.title)）没有列“\(column)”；可用的列：\(item.columns.joined(separator: "、"))")
            return
        }
        guard let row = field.row, repeatedRows[item.code.lowercased()]?.contains(row) == true else {
            error(field, "TEMPLATE_COLUMN_OUTSIDE_ROW", "\(noun)“\(field.name)”是读数表“\(item.code)”的列，必须与 ROW_\(item.code) 位于同一行")
            return
        }
    }

    /// The table of readings `table` names, or nil after recording why there is none.
    private mutating func tableItem(_ field: TemplateField, _ table: String) -> TemplateDataItem? {
        guard let item = items[table.lowercased()] else {
            error(field, "TEMPLATE_UNKNOWN_BOOKMARK", "\(noun)“\(field.name)”指向的读数表“\(table)”在检测流程中不存在")
            return nil
        }
        guard item.isTable else {
            error(field, "TEMPLATE_UNKNOWN_BOOKMARK", "\(noun)“\(field.name)”指向的“\(item.code)”（\(item.title)）不是读数表，不能按行重复")
            return nil
        }
        return item
    }

    /// "readings_value" → (readings, "value") when readings is a table with that column.
    private func tableColumn(underscored name: String) -> (TemplateDataItem, String)? {
        let lower = name.lowercased()
        for item in dataItems where item.isTable && lower.hasPrefix(item.code.lowercased() + "_") {
            let column = String(name.dropFirst(item.code.count + 1))
            if item.columns.contains(where: { $0.lowercased() == column.lowercased() }) { return (item, column) }
        }
        return nil
    }

    /// Warnings for data items the template never shows.
    mutating func checkItems() {
        for item in dataItems {
            let code = item.code.lowercased()
            guard item.isTable else {
                if !unique.contains(where: { $0.kind == .value && $0.name.lowercased() == code }) {
                    warning(item.code, "TEMPLATE_ITEM_WITHOUT_BOOKMARK", "数据项“\(item.code)”（\(item.title)）在模板中没有\(noun)，不会出现在生成的文档中")
                }
                continue
            }
            guard let rows = repeatedRows[code], !rows.isEmpty else {
                warning(item.code, "TEMPLATE_ITEM_WITHOUT_BOOKMARK", "读数表“\(item.code)”（\(item.title)）在模板中没有 ROW_\(item.code) 重复行，其读数不会出现在生成的文档中")
                continue
            }
            for column in item.columns {
                let shown = unique.contains { field in
                    guard case .column(let table, let name) = field.kind, let row = field.row else { return false }
                    return table.lowercased() == code && name.lowercased() == column.lowercased() && rows.contains(row)
                }
                if !shown {
                    warning("\(item.code).\(column)", "TEMPLATE_ITEM_WITHOUT_BOOKMARK", "读数表“\(item.code)”的列“\(column)”在重复行中没有\(noun)")
                }
            }
        }
    }
}
