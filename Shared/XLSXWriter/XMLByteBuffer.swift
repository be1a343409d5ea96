/// SpreadsheetML being built as UTF-8 bytes: the sheet is appended to one reused buffer instead of concatenating
/// Strings, which at 1.2 million cells is most of the difference between a fast writer and a slow one.
struct XMLByteBuffer {
    var bytes: [UInt8] = []

    /// Excel's limit on a cell's text, in UTF-16 units.
    static let maximumTextLength = 32_767

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func appendRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// A non-negative integer's decimal digits.
    mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// A number as XML Schema's `xsd:double` lexical form: integers without a fraction, others in Swift's shortest
    /// round-tripping form (`0.1`, `1e-05`). The caller has excluded NaN and infinities.
    mutating func appendNumber(_ value: Double) {
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(abs(value)))
        } else {
            appendRaw(value.description)
        }
    }

    /// Text escaped for element content and attribute values: `& < > "` as entities, carriage return as `&#13;` (a
    /// parser would turn a literal one into a line feed), characters XML 1.0 cannot carry dropped, and the text cut
    /// at Excel's limit.
    mutating func appendEscaped(_ text: String) {
        var text = text
        let plain = text.withUTF8 { utf8 in
            utf8.count <= Self.maximumTextLength
                && !utf8.contains {
                    $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
                        || $0 == 0xEF
                }
        }
        if plain {
            bytes.append(contentsOf: text.utf8)
            return
        }
        var length = 0
        for scalar in text.unicodeScalars {
            length += scalar.utf16.count
            if length > Self.maximumTextLength { break }
            switch scalar.value {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x22: append("&quot;")
            case 0x0D: append("&#13;")
            case 0x09, 0x0A: bytes.append(UInt8(scalar.value))
            case 0..<0x20, 0xFFFE, 0xFFFF: continue
            default: bytes.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// Whether text begins or ends with white space, which XML would let a reader trim without `xml:space="preserve"`.
    static func needsPreserve(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return space(first) || space(last)
    }
}
