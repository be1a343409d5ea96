/// Lossless conversion between text and ``ExactDecimal``: the scale written is the scale kept (`"1.0020"`).
extension ExactDecimal: LosslessStringConvertible, CustomStringConvertible, CustomDebugStringConvertible {
    /// Parses `-12.50`, `+3`, `.5`, `1.2E-3`; nil for anything else (including more than 38 significant digits).
    public init?(_ text: String) {
        guard let value = try? ExactDecimal(parsing: text) else { return nil }
        self = value
    }

    /// Like `init?(_:)` but says why: `FORMULA_SYNTAX` for malformed text, `FORMULA_OVERFLOW` for too many digits.
    public init(parsing text: String) throws(FormulaError) {
        var utf8 = Array(text.utf8)[...]
        while let first = utf8.first, first == 0x20 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 0x20 { utf8 = utf8.dropLast() }
        let bad = FormulaError(.syntax, "“\(text)”不是有效的数值")
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var magnitude: UInt128 = 0
        var digits = 0  // significant digits accumulated (leading zeros excluded)
        var sawDigit = false
        var fractionDigits = 0
        var inFraction = false
        var exponent = 0
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let c = utf8[index]
            if c >= 0x30 && c <= 0x39 {
                sawDigit = true
                if magnitude != 0 || c != 0x30 { digits += 1 }
                guard digits <= ExactDecimal.maximumDigits else { throw FormulaError.overflow() }
                magnitude = magnitude * 10 + UInt128(c - 0x30)
                if inFraction { fractionDigits += 1 }
            } else if c == UInt8(ascii: ".") && !inFraction {
                inFraction = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                guard sawDigit, let parsed = Int(String(decoding: utf8[(index + 1)...], as: UTF8.self)),
                    abs(parsed) <= ExactDecimal.exponentLimit
                else { throw bad }
                exponent = parsed
                index = utf8.endIndex
                break
            } else {
                throw bad
            }
            index += 1
        }
        guard sawDigit else { throw bad }
        let signed = Int128(magnitude)
        self = try ExactDecimal(significand: negative ? -signed : signed, exponent: exponent - fractionDigits)
    }

    /// Plain notation with the scale kept: `1.0020`, `-0.036`, `1300` (for 13 × 10², e.g. 1268 rounded to 100).
    /// Exponents beyond ±40 use scientific notation (`1.5E+50`).
    public var description: String {
        let negative = significand < 0
        let digits = String(significand.magnitude)
        let e = exponent
        var body: String
        if e >= 0 {
            if e > 40 {
                body = scientific(digits)
            } else {
                body = significand == 0 ? "0" : digits + String(repeating: "0", count: e)
            }
        } else {
            let point = digits.count + e
            if point > 0 {
                let index = digits.index(digits.startIndex, offsetBy: point)
                body = digits[..<index] + "." + digits[index...]
            } else if point > -40 {
                body = "0." + String(repeating: "0", count: -point) + digits
            } else {
                body = scientific(digits)
            }
        }
        return negative ? "-" + body : body
    }

    private func scientific(_ digits: String) -> String {
        let adjusted = exponent + digits.count - 1
        let mantissa = digits.count > 1 ? String(digits.first!) + "." + digits.dropFirst() : digits
        return mantissa + "E" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }

    public var debugDescription: String { description + (isExact ? "" : "~") }
}

/// Integer literals only: a string-literal conformance would make `ExactDecimal("12a")` a literal (SE-0213) that
/// traps instead of returning nil. Text goes through `init?(_:)` or `init(parsing:)`.
extension ExactDecimal: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension ExactDecimal: Codable {
    /// Encoded as a JSON string so no decoder turns it into a binary floating-point number on the way.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try ExactDecimal(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
