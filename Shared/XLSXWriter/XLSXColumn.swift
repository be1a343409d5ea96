/// A column: its header title, its width in characters (estimated from the title when nil) and the format of its
/// numbers and dates (the cell's own kind decides when nil).
public struct XLSXColumn: Sendable, Hashable {
    public var title: String
    public var width: Double?
    public var format: XLSXNumberFormat?

    public init(title: String, width: Double? = nil, format: XLSXNumberFormat? = nil) {
        self.title = title
        self.width = width
        self.format = format
    }

    /// The width given, or the title's: CJK characters count two, plus a margin, between 8 and 60.
    var effectiveWidth: Double {
        if let width, width.isFinite, width > 0 { return min(width, 255) }
        let units = title.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        return Double(min(max(units + 2, 8), 60))
    }
}
