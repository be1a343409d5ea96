/// The quarters between the first and the last seen ("2025Q3" … "2026Q2"), none skipped: a quarter without results
/// keeps its place on the chart and in the trend test's scores.
enum QuarterAxis {
    static func quarters(from seen: [String]) -> [String] {
        let parsed = seen.compactMap(parse)
        guard let first = parsed.min(), let last = parsed.max(), last - first < 400 else { return [] }
        return (first...last).map { "\($0 / 4)Q\($0 % 4 + 1)" }
    }

    /// "2026Q3" → 2026·4 + 2.
    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: "Q")
        guard parts.count == 2, let year = Int(parts[0]), let quarter = Int(parts[1]), (1...4).contains(quarter), (1900...9999).contains(year) else {
            return nil
        }
        return year * 4 + quarter - 1
    }
}
