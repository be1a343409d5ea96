import Foundation
import Messaging
public import RPCCore

/// The one rule for text that people write and other people read: names, titles, descriptions, notes, search
/// queries. Every service checks such a field with it on the way in, so what is stored is safe to show, print on a
/// certificate and put in a query.
///
/// Refused, with INVALID_ARGUMENT, the field named in `details["field"]` and a stable reason:
/// - `TEXT_INVALID_CHARACTERS`: control characters (NUL gave a 500 from PostgreSQL, SQLSTATE 22021; ESC starts a
///   terminal escape), except line feed and tab where the field has several lines; bidirectional overrides,
///   embeddings, isolates and marks (U+202A–202E, U+2066–2069, U+200E/F, U+061C: a name shown reversed could become
///   the printed name on a signature); line and paragraph separators; unassigned code points and noncharacters (no
///   font shows them, and their meaning may change with the next Unicode version).
/// - `TEXT_TOO_MANY_COMBINING_MARKS`: more than `maxCombiningMarks` marks on one character ("Zalgo" text: 1,000
///   marks on one letter overflow every line it is shown on). Variation selectors are not counted.
/// - `TEXT_TOO_LONG`: more characters than the field allows, counted after normalisation.
///
/// Accepted text comes back NFC-normalised (a precomposed "é" and "e" + U+0301 are the same name), so equal names
/// compare equal in the database. Trimming, emptiness and a field's own format stay with the field's own checks.
public struct HumanText: Sendable {
    /// Whether line feeds and tabs are allowed (descriptions, notes), or the text is one line (names, queries).
    public enum Lines: Sendable {
        case single
        case multiple
    }

    /// Most scripts put at most two or three marks on a letter (Vietnamese two, Tibetan stacks three or four).
    public static let maxCombiningMarks = 4

    public let field: String
    public let lines: Lines
    public let maxLength: Int

    /// - Parameters:
    ///   - field: the request field as the caller names it (`name`, `items[2].title`), for `details["field"]`.
    ///   - maxLength: in characters (extended grapheme clusters), after normalisation.
    public init(field: String, lines: Lines = .single, maxLength: Int) {
        self.field = field
        self.lines = lines
        self.maxLength = maxLength
    }

    /// The text NFC-normalised, or the refusal.
    public func check(_ text: String) throws(RPCError) -> String {
        if text.isEmpty { return text }
        if let offending = text.unicodeScalars.first(where: { !allowed($0) }) {
            let code = String(format: "U+%04X", offending.value)
            throw RPCError.invalidArgument(
                "“\(field)”含有不允许的字符（\(code)）：不能包含控制字符、双向文本控制符或未分配的字符", reason: "TEXT_INVALID_CHARACTERS",
                details: ["field": field, "character": code])
        }
        let normalized = text.precomposedStringWithCanonicalMapping
        for character in normalized where Self.combiningMarks(in: character) > Self.maxCombiningMarks {
            throw RPCError.invalidArgument(
                "“\(field)”中一个字符上叠加的组合符号过多（至多 \(Self.maxCombiningMarks) 个）", reason: "TEXT_TOO_MANY_COMBINING_MARKS",
                details: ["field": field])
        }
        guard normalized.count <= maxLength else {
            throw RPCError.invalidArgument(
                "“\(field)”不能超过 \(maxLength) 个字符", reason: "TEXT_TOO_LONG", details: ["field": field, "maxLength": "\(maxLength)"])
        }
        return normalized
    }

    /// Checks and normalises `text`, a single line of at most `maxLength` characters.
    public static func check(_ text: String, field: String, maxLength: Int) throws(RPCError) -> String {
        try HumanText(field: field, maxLength: maxLength).check(text)
    }

    /// A search query: one line, at most 100 characters (a NUL in one gave a 500).
    public static func query(_ text: String, field: String = "query") throws(RPCError) -> String {
        try HumanText(field: field, maxLength: 100).check(text)
    }

    func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return lines == .multiple
        case 0x0D: return lines == .multiple  // a pasted CRLF line end
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return false  // bidi controls
        default: break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator: return false
        default: return !properties.isNoncharacterCodePoint
        }
    }

    static func combiningMarks(in character: Character) -> Int {
        character.unicodeScalars.reduce(0) { count, scalar in
            switch scalar.value {
            case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return count  // variation selectors (emoji presentation, CJK variants)
            default: break
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return count + 1
            default: return count
            }
        }
    }
}
