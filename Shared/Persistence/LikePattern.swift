import Foundation

/// Search text for `ILIKE`: what people type is matched literally, wildcards and the escape character included.
public enum LikePattern {
    /// `%text%`, with `\`, `%` and `_` escaped (PostgreSQL's default LIKE escape is the backslash).
    public static func containing(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            + "%"
    }
}
