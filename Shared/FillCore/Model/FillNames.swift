/// The naming convention of Docs/templates.md §6, as the fillers read it (TemplateKit's `FieldClassifier` reads it
/// the same way when a template is uploaded).
package enum FillNames {
    /// "ROW_readings" → "readings" (prefix case-insensitive); nil for any other name.
    package static func rowTable(_ name: String) -> String? {
        guard name.count > 4, name.uppercased().hasPrefix("ROW_") else { return nil }
        return String(name.dropFirst(4))
    }

    /// "readings_value" or "readings.value" → ("readings", "value") when "readings" is among `tables` (the tables
    /// repeated in the same row); the longest code wins, so codes containing "_" work.
    package static func column(_ name: String, tables: [String]) -> (table: String, column: String)? {
        let lower = name.lowercased()
        let table = tables.filter { code in
            let prefix = code.lowercased()
            return lower.count > prefix.count + 1 && (lower.hasPrefix(prefix + "_") || lower.hasPrefix(prefix + "."))
        }.max { $0.count < $1.count }
        guard let table else { return nil }
        return (table, String(name.dropFirst(table.count + 1)))
    }
}
