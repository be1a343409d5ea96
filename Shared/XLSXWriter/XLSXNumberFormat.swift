/// A number format (ECMA-376 Part 1, 18.8.31), as a column's display of its numbers, decimals and dates.
public struct XLSXNumberFormat: Sendable, Hashable {
    public var code: String

    public init(code: String) {
        self.code = code
    }

    public static let general = Self(code: "General")
    public static let integer = Self(code: "0")
    public static let date = Self(code: "yyyy-mm-dd")
    public static let dateTime = Self(code: "yyyy-mm-dd hh:mm:ss")
    public static let text = Self(code: "@")

    /// Fixed decimals: `places` 2 gives `0.00`.
    public static func decimal(places: Int) -> Self {
        let places = min(max(places, 0), 30)
        return Self(code: places == 0 ? "0" : "0." + String(repeating: "0", count: places))
    }

    /// A percentage with fixed decimals (the cell holds 0.125 for 12.5 %).
    public static func percent(places: Int) -> Self {
        Self(code: decimal(places: places).code + "%")
    }
}
