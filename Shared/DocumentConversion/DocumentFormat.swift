/// What the converters read. The raw value is the converter's `from=` parameter.
public enum DocumentFormat: String, Sendable, Hashable, CaseIterable {
    /// A Word document (a filled certificate template).
    case docx
    /// An Excel workbook (a filled raw record).
    case xlsx
    /// An OpenDocument text.
    case odt
    /// An SVG drawing (the seal image).
    case svg
}
