/// Everything one fill writes: single values and pictures by bookmark/name, and reading tables by data-item code.
/// Names are matched case-insensitively, as Word and Excel match them (Docs/templates.md §4).
public struct FillData: Sendable, Hashable {
    /// Data-item code or reserved text name (`CERT_NO`, `RECORD_NO`) → value.
    public var values: [String: FillValue]
    /// Reading-table code → rows in print order (point first, then run); each row maps column name → value.
    public var tables: [String: [[String: FillValue]]]
    /// Reserved picture name (`SIGN_TESTER`, `SIGN_REVIEWER`, `SIGN_APPROVER`, `SEAL`, `QR_CODE`) or any name → picture.
    public var images: [String: FillImage]

    public init(values: [String: FillValue] = [:], tables: [String: [[String: FillValue]]] = [:], images: [String: FillImage] = [:]) {
        self.values = values
        self.tables = tables
        self.images = images
    }
}

/// `FillData` keyed by lower-cased name, built once per fill, and the record of what was used.
package struct FillLookup {
    package let values: [String: (name: String, value: FillValue)]
    package let tables: [String: (name: String, rows: [[String: FillValue]])]
    package let images: [String: (name: String, image: FillImage)]

    package init(_ data: FillData) {
        values = Dictionary(data.values.map { ($0.key.lowercased(), (name: $0.key, value: $0.value)) }, uniquingKeysWith: { first, _ in first })
        tables = Dictionary(data.tables.map { ($0.key.lowercased(), (name: $0.key, rows: $0.value)) }, uniquingKeysWith: { first, _ in first })
        images = Dictionary(data.images.map { ($0.key.lowercased(), (name: $0.key, image: $0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    package func value(_ name: String) -> FillValue? { values[name.lowercased()]?.value }
    package func image(_ name: String) -> FillImage? { images[name.lowercased()]?.image }
    package func rows(_ table: String) -> [[String: FillValue]]? { tables[table.lowercased()]?.rows }

    /// A column of one reading row, matched case-insensitively.
    package static func column(_ column: String, in row: [String: FillValue]) -> FillValue? {
        if let exact = row[column] { return exact }
        let wanted = column.lowercased()
        return row.first { $0.key.lowercased() == wanted }?.value
    }
}
