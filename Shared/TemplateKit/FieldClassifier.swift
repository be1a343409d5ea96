/// Gives every scanned field its kind and reserved role, by the naming convention of Docs/templates.md:
///
/// - a reserved name (SIGN_TESTER, CERT_NO …) is a reserved value;
/// - `ROW_<table>` marks the row it lies in as repeated per reading of table data item `<table>`;
/// - `<table>.<column>` is a column of `<table>` (Excel allows dots in names);
/// - `<table>_<column>` is a column too when it lies in the same row as `ROW_<table>` — Word forbids dots in
///   bookmark names, and the enclosing `ROW_` says where the table code ends even when codes contain "_";
/// - anything else is a single value.
///
/// Kinds depend only on the template, not on the procedure, so the inspection is stable; `TemplateCheck` then
/// compares it with the data items.
enum FieldClassifier {
    static let rowPrefix = "ROW_"

    static func classify(_ fields: [TemplateField]) -> [TemplateField] {
        // Which tables are repeated in each row, to recognise `<table>_<column>` there.
        var rowTables: [TemplateRowPosition: [String]] = [:]
        for field in fields {
            if let table = repeatedTable(field.name), let row = field.row { rowTables[row, default: []].append(table) }
        }
        return fields.map { field in
            var field = field
            if let role = TemplateReservedRole(bookmarkName: field.name) {
                field.reservedRole = role
                field.kind = .value
            } else if let table = repeatedTable(field.name) {
                field.kind = .repeatingRow(table: table)
            } else if let dot = field.name.firstIndex(of: "."), dot != field.name.startIndex,
                field.name.index(after: dot) != field.name.endIndex
            {
                field.kind = .column(table: String(field.name[..<dot]), column: String(field.name[field.name.index(after: dot)...]))
            } else if let row = field.row, let (table, column) = underscoreColumn(field.name, tables: rowTables[row] ?? []) {
                field.kind = .column(table: table, column: column)
            } else {
                field.kind = .value
            }
            return field
        }
    }

    /// "ROW_readings" → "readings" (prefix case-insensitive).
    static func repeatedTable(_ name: String) -> String? {
        guard name.count > rowPrefix.count, name.uppercased().hasPrefix(rowPrefix) else { return nil }
        return String(name.dropFirst(rowPrefix.count))
    }

    /// "readings_value" with "readings" repeated in the same row → ("readings", "value"); the longest table wins.
    private static func underscoreColumn(_ name: String, tables: [String]) -> (String, String)? {
        let lower = name.lowercased()
        let table = tables.filter { lower.hasPrefix($0.lowercased() + "_") && name.count > $0.count + 1 }.max { $0.count < $1.count }
        guard let table else { return nil }
        return (String(name.prefix(table.count)), String(name.dropFirst(table.count + 1)))
    }
}
