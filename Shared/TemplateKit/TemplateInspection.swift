/// What an accepted upload contains: its format and every bookmark (Word) or defined name (Excel), in document order.
public struct TemplateInspection: Sendable, Hashable {
    public var format: TemplateFormat
    /// Named after Word; for .xlsx these are the workbook's defined names.
    public var bookmarks: [TemplateField]

    public init(format: TemplateFormat, bookmarks: [TemplateField]) {
        self.format = format
        self.bookmarks = bookmarks
    }
}

/// One bookmark or defined name found in a template.
public struct TemplateField: Sendable, Hashable {
    /// As the author typed it (case preserved; matching is case-insensitive, as in Word and Excel).
    public var name: String
    /// Where it is, in the author's words: "正文第 3 段", "表格 1 第 2 行", "页眉第 1 段", "第 2 个页脚表格 1 第 1 行", "Sheet1!B3", "Sheet1!5:5".
    public var location: String
    public var kind: TemplateFieldKind
    /// Set for SIGN_TESTER, CERT_NO … (see `TemplateReservedRole`).
    public var reservedRole: TemplateReservedRole?
    /// The table row (docx) or sheet row (xlsx) the field lies in; nil outside any row.
    public var row: TemplateRowPosition?
    /// docx: the text currently between bookmarkStart and bookmarkEnd, joined across runs (the filler replaces it).
    public var placeholder: String?
    /// Why the field cannot be filled although it exists, e.g. an Excel name referring to "#REF!"; nil when fine.
    public var problem: String?

    public var isReserved: Bool { reservedRole != nil }

    public init(
        name: String, location: String, kind: TemplateFieldKind = .value, reservedRole: TemplateReservedRole? = nil,
        row: TemplateRowPosition? = nil, placeholder: String? = nil, problem: String? = nil
    ) {
        self.name = name
        self.location = location
        self.kind = kind
        self.reservedRole = reservedRole
        self.row = row
        self.placeholder = placeholder
        self.problem = problem
    }
}

/// How the filler will use a field (naming convention in Docs/templates.md).
public enum TemplateFieldKind: Sendable, Hashable {
    /// A single value: a data item, or a reserved role.
    case value
    /// `ROW_<table>`: the row holding it is repeated once per reading (point × run) of table data item `table`.
    case repeatingRow(table: String)
    /// `<table>.<column>` (or `<table>_<column>` inside the `ROW_<table>` row): filled once per repetition.
    case column(table: String, column: String)

    /// Stable text for clients: value | repeating_row | column.
    public var code: String {
        switch self {
        case .value: "value"
        case .repeatingRow: "repeating_row"
        case .column: "column"
        }
    }
}

/// Identifies one row a field lies in, so fields of the same row can be grouped.
public struct TemplateRowPosition: Sendable, Hashable {
    /// docx: the part ("word/document.xml", "word/header1.xml"); xlsx: the sheet name.
    public var scope: String
    /// docx: the table, numbered 1… in document order within the part (nested tables count too); xlsx: nil.
    public var table: Int?
    /// docx: the row within that table, 1…; xlsx: the sheet row number.
    public var row: Int

    public init(scope: String, table: Int?, row: Int) {
        self.scope = scope
        self.table = table
        self.row = row
    }
}
