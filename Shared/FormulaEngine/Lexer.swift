/// Splits formula text into tokens, tracking UTF-16 offsets and line/column for error messages.
///
/// Chinese input methods often produce full-width punctuation (`（`, `，`, `＜`) and typographic quotes (`“合格”`);
/// these are accepted as their ASCII counterparts, as are `×`, `÷`, `≤`, `≥`, `≠`, and `==` / `!=`.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var offset = 0  // UTF-16 offset of scalars[index]
    private var line = 1
    private var column = 1
    private var previous: TokenKind? = nil

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func tokenize(_ source: String) throws(FormulaError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// Full-width ASCII variants (U+FF01…U+FF5E) and a few math signs, mapped to what the grammar uses.
    private static func canonical(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x00D7: return "*"  // ×
        case 0x00F7: return "/"  // ÷
        case 0x3000: return " "  // ideographic space
        default: return scalar
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? Self.canonical(scalars[index + ahead]) : nil
    }

    private mutating func advance() {
        let scalar = scalars[index]
        index += 1
        offset += scalar.utf16.count
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += scalar.utf16.count
        }
    }

    private func range(from start: (offset: Int, line: Int, column: Int)) -> SourceRange {
        SourceRange(offset: start.offset, length: offset - start.offset, line: start.line, column: start.column)
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && !isDigit(c))
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || isDigit(c)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    mutating func next() throws(FormulaError) -> Token {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
        let start = (offset: offset, line: line, column: column)
        guard let c = peek() else {
            return Token(kind: .end, range: range(from: start))
        }
        let kind: TokenKind
        if Self.isDigit(c) || (c == "." && peek(1).map(Self.isDigit) == true) {
            kind = try number(start)
        } else if Self.isIdentifierStart(c) {
            var name = ""
            while let c = peek(), Self.isIdentifierPart(c) {
                name.unicodeScalars.append(scalars[index])
                advance()
            }
            kind = .identifier(name)
        } else if c == "\"" || c == "\u{201C}" || c == "\u{201D}" {
            kind = try string(start)
        } else if c == "[" && !Self.indexes(previous) {
            kind = try bracketName(start)
        } else {
            advance()
            switch c {
            case "+": kind = .plus
            case "-", "\u{2212}": kind = .minus
            case "*": kind = .star
            case "/": kind = .slash
            case "^": kind = .caret
            case "(": kind = .leftParen
            case ")": kind = .rightParen
            case "[": kind = .leftBracket
            case "]": kind = .rightBracket
            case ",", "\u{3001}": kind = .comma  // also 、
            case "\u{2264}": kind = .lessEqual
            case "\u{2265}": kind = .greaterEqual
            case "\u{2260}": kind = .notEqual
            case "=":
                if peek() == "=" { advance() }
                kind = .equal
            case "!":
                guard peek() == "=" else { throw FormulaError(.syntax, "无法识别的字符“!”；不等于请写作 <>", range: range(from: start)) }
                advance()
                kind = .notEqual
            case "<":
                if peek() == "=" { advance(); kind = .lessEqual } else if peek() == ">" { advance(); kind = .notEqual } else { kind = .less }
            case ">":
                if peek() == "=" { advance(); kind = .greaterEqual } else { kind = .greater }
            default:
                throw FormulaError(.syntax, "无法识别的字符“\(Character(scalars[index - 1]))”", range: range(from: start))
            }
        }
        previous = kind
        return Token(kind: kind, range: range(from: start))
    }

    /// A `[` right after a name starts a table index (`readings[2,3]`); anywhere else it starts a bracketed name.
    private static func indexes(_ previous: TokenKind?) -> Bool {
        switch previous {
        case .identifier, .bracketName: return true
        default: return false
        }
    }

    private mutating func number(_ start: (offset: Int, line: Int, column: Int)) throws(FormulaError) -> TokenKind {
        var text = ""
        while let c = peek(), Self.isDigit(c) || c == "." {
            text.unicodeScalars.append(c)
            advance()
        }
        // Exponent only when a digit follows (`1E3`, `1e-3`), so `2e` is still a number followed by a name.
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let digit = peek(signed ? 2 : 1), Self.isDigit(digit) {
                text.unicodeScalars.append(e); advance()
                if signed { text.unicodeScalars.append(peek()!); advance() }
                while let c = peek(), Self.isDigit(c) { text.unicodeScalars.append(c); advance() }
            }
        }
        do {
            return .number(try ExactDecimal(parsing: text))
        } catch {
            throw error.located(range(from: start), formula: nil)
        }
    }

    private mutating func string(_ start: (offset: Int, line: Int, column: Int)) throws(FormulaError) -> TokenKind {
        advance()
        var text = ""
        while true {
            guard let c = peek() else {
                throw FormulaError(.syntax, "文本缺少结束引号", range: range(from: start))
            }
            advance()
            if c == "\"" || c == "\u{201D}" {
                // "" inside a string is a literal quote (as in spreadsheets).
                if c == "\"" && peek() == "\"" { text.append("\""); advance(); continue }
                return .string(text)
            }
            text.unicodeScalars.append(scalars[index - 1])
        }
    }

    private mutating func bracketName(_ start: (offset: Int, line: Int, column: Int)) throws(FormulaError) -> TokenKind {
        advance()
        var name = ""
        while true {
            guard let c = peek() else {
                throw FormulaError(.syntax, "数据项名称缺少右方括号“]”", range: range(from: start))
            }
            advance()
            if c == "]" { break }
            name.unicodeScalars.append(scalars[index - 1])
        }
        let trimmed = name.trimmingSpaces()
        guard !trimmed.isEmpty else { throw FormulaError(.syntax, "方括号内的数据项名称为空", range: range(from: start)) }
        return .bracketName(trimmed)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\u{3000}" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\u{3000}" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
