import Foundation

/// The JSON a signature covers: one byte sequence for one content, whoever writes it.
///
/// Foundation's `JSONEncoder` with `.sortedKeys` is not enough: how it escapes "/" and non-ASCII text and how it
/// writes numbers is not promised across platforms and releases, and a digest that changed with a toolchain would
/// void every stored signature. So the rules are fixed here, after RFC 8785 (JCS) for the parts this content uses:
/// - object keys sorted by their UTF-16 code units (all our keys are ASCII, where that is plain byte order);
/// - no whitespace between tokens;
/// - strings as UTF-8, escaping only `"`, `\` and control characters (U+0000–U+001F: `\b \f \n \r \t`, others as
///   `\u00XX` in lowercase hex); "/" and non-ASCII characters are written as they are;
/// - integers only, written in decimal. Measured values are never numbers here: they stay the decimal text that was
///   entered or computed ("0.10" is not "0.1" in a record), so they are strings.
enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The canonical UTF-8 bytes.
    var bytes: Data {
        var out = ""
        write(into: &out)
        return Data(out.utf8)
    }

    private func write(into out: inout String) {
        switch self {
        case .string(let text): Self.writeString(text, into: &out)
        case .integer(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                members[key]?.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
