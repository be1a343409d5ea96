/// One value written into a template. The fill never formats: numbers and dates arrive as the text the caller wants
/// printed (the records service already rounded them per GB/T 8170 and chose the date style).
public enum FillValue: Sendable, Hashable {
    /// Printed as given. Newlines become line breaks.
    case text(String)
    /// Excel writes it as a number cell (`<v>`), so formulas and number formats see a number; Word prints it as text.
    /// The text must be a plain decimal ("12.30", "-0.5", "1E-3"); anything else is written as text.
    case number(String)

    /// The text as printed.
    public var text: String {
        switch self {
        case .text(let text), .number(let text): text
        }
    }
}

extension FillValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}
