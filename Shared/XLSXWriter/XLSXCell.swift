public import Foundation

/// One cell's value and the type it gets in the sheet.
public enum XLSXCell: Sendable, Hashable {
    /// An inline string; control characters other than tab, line feed and carriage return are removed (XML 1.0 cannot
    /// carry them) and text past Excel's 32 767 characters is cut.
    case text(String)
    /// A number; NaN and infinities (which the format cannot hold) leave the cell empty.
    case number(Double)
    /// The exact text of a decimal number (`"-0.0120"`): written as a number, shown with as many decimals as the text
    /// has unless the column has a format, so a rounded result keeps its trailing zeros. Text that is not a plain
    /// decimal is written as text.
    case decimal(String)
    /// The calendar day of the moment in the writer's time zone, as a date serial with a date format.
    case date(Date)
    /// The moment in the writer's time zone to the second, as a date serial with a date-time format.
    case dateTime(Date)
    case bool(Bool)
    case empty
}
