/// The tokens of the formula language.
enum TokenKind: Equatable {
    case number(ExactDecimal)
    case string(String)
    case identifier(String)
    /// `[出厂编号]`: a data item name written in brackets (any characters but `]`).
    case bracketName(String)
    case plus, minus, star, slash, caret
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case leftParen, rightParen, leftBracket, rightBracket, comma
    case end

    /// How the token is shown in a message.
    var display: String {
        switch self {
        case .number(let value): return value.description
        case .string(let text): return "\"\(text)\""
        case .identifier(let name): return name
        case .bracketName(let name): return "[\(name)]"
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .caret: return "^"
        case .equal: return "="
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .comma: return ","
        case .end: return "公式结尾"
        }
    }
}

struct Token {
    let kind: TokenKind
    let range: SourceRange
}
