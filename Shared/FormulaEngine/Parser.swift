/// Recursive-descent parser. Precedence, lowest first:
///
///     OR (或)  <  AND (且)  <  NOT (非)  <  = <> < <= > >=  <  + -  <  * /  <  unary - +  <  ^
///
/// `^` is right-associative and binds tighter than unary minus (`-2^2 = -4`, the mathematical convention; a
/// spreadsheet would give 4). Comparisons do not chain: `a < b < c` is a syntax error that suggests AND.
///
/// Input drives the recursion, so it is bounded (`FormulaLimits`): every bracket, call, unary operator and exponent
/// passes `enter`, and every node built passes `node`, which refuses a tree taller than the bound. Whatever walks a
/// parsed tree afterwards (references, the lowerer, the compiled closures, releasing it) recurses no deeper.
struct Parser {
    private let tokens: [Token]
    private var position = 0
    /// Brackets, calls, unary operators and exponents open around the current token.
    private var nesting = 0

    /// - Parameter maxLength: only tests lift it, to show the depth bound holds on its own.
    static func parse(_ source: String, maxLength: Int = FormulaLimits.maxLength) throws(FormulaError) -> Expr {
        let length = source.utf16.count
        guard length <= maxLength else { throw FormulaLimits.tooLong(length) }
        var parser = Parser(tokens: try Lexer.tokenize(source))
        guard parser.current.kind != .end else {
            throw FormulaError(.syntax, "公式为空", range: parser.current.range)
        }
        let expr = try parser.expression()
        guard parser.current.kind == .end else {
            throw FormulaError(.syntax, "多余的内容“\(parser.current.kind.display)”：表达式已在此之前结束（是否缺少运算符或逗号？）", range: parser.current.range)
        }
        return expr
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func keyword(_ token: Token) -> String? {
        guard case .identifier(let name) = token.kind else { return nil }
        switch name.uppercased() {
        case "AND", "且": return "AND"
        case "OR", "或": return "OR"
        case "NOT", "非": return "NOT"
        case "TRUE", "真": return "TRUE"
        case "FALSE", "假": return "FALSE"
        default: return nil
        }
    }

    /// One level deeper; the caller undoes it with `defer { nesting -= 1 }` once this returned.
    private mutating func enter() throws(FormulaError) {
        guard nesting < FormulaLimits.maxNesting else { throw FormulaLimits.tooDeep(current.range) }
        nesting += 1
    }

    /// A node, unless it makes the tree taller than the bound (a long chain such as `1+1+…+1`).
    private func node(_ kind: Expr.Kind, _ range: SourceRange) throws(FormulaError) -> Expr {
        let expr = Expr(kind, range)
        guard expr.height <= FormulaLimits.maxDepth else { throw FormulaLimits.tooDeep(range) }
        return expr
    }

    private func unexpected(_ expected: String) -> FormulaError {
        FormulaError(.syntax, "此处应为\(expected)，实际为“\(current.kind.display)”", range: current.range)
    }

    mutating func expression() throws(FormulaError) -> Expr { try or() }

    private mutating func or() throws(FormulaError) -> Expr {
        var lhs = try and()
        while keyword(current) == "OR" {
            _ = advance()
            let rhs = try and()
            lhs = try node(.binary(.or, lhs, rhs), lhs.range.through(rhs.range))
        }
        return lhs
    }

    private mutating func and() throws(FormulaError) -> Expr {
        var lhs = try not()
        while keyword(current) == "AND" {
            _ = advance()
            let rhs = try not()
            lhs = try node(.binary(.and, lhs, rhs), lhs.range.through(rhs.range))
        }
        return lhs
    }

    private mutating func not() throws(FormulaError) -> Expr {
        if keyword(current) == "NOT" {
            try enter()
            defer { nesting -= 1 }
            let start = advance().range
            let operand = try not()
            return try node(.unary(.not, operand), start.through(operand.range))
        }
        return try comparison()
    }

    private static func comparisonOperator(_ kind: TokenKind) -> Expr.BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    private mutating func comparison() throws(FormulaError) -> Expr {
        let lhs = try additive()
        guard let op = Self.comparisonOperator(current.kind) else { return lhs }
        _ = advance()
        let rhs = try additive()
        if Self.comparisonOperator(current.kind) != nil {
            throw FormulaError(.syntax, "比较运算不能连用（如 a < b < c），请写作 a < b AND b < c，或用 WITHIN 函数", range: current.range)
        }
        return try node(.binary(op, lhs, rhs), lhs.range.through(rhs.range))
    }

    private mutating func additive() throws(FormulaError) -> Expr {
        var lhs = try multiplicative()
        while true {
            let op: Expr.BinaryOperator
            switch current.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return lhs
            }
            _ = advance()
            let rhs = try multiplicative()
            lhs = try node(.binary(op, lhs, rhs), lhs.range.through(rhs.range))
        }
    }

    private mutating func multiplicative() throws(FormulaError) -> Expr {
        var lhs = try unary()
        while true {
            let op: Expr.BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            default: return lhs
            }
            _ = advance()
            let rhs = try unary()
            lhs = try node(.binary(op, lhs, rhs), lhs.range.through(rhs.range))
        }
    }

    private mutating func unary() throws(FormulaError) -> Expr {
        switch current.kind {
        case .minus:
            try enter()
            defer { nesting -= 1 }
            let start = advance().range
            let operand = try unary()
            // Fold "-3" into a literal so it stays a constant with its scale (and shows as one step, not two).
            if case .number(let value) = operand.kind { return Expr(.number(-value), start.through(operand.range)) }
            return try node(.unary(.negate, operand), start.through(operand.range))
        case .plus:
            try enter()
            defer { nesting -= 1 }
            let start = advance().range
            let operand = try unary()
            return try node(.unary(.plus, operand), start.through(operand.range))
        default:
            return try power()
        }
    }

    private mutating func power() throws(FormulaError) -> Expr {
        let base = try primary()
        guard current.kind == .caret else { return base }
        try enter()
        defer { nesting -= 1 }
        _ = advance()
        let exponent = try unary()  // right-associative; allows 2^-1
        return try node(.binary(.power, base, exponent), base.range.through(exponent.range))
    }

    private mutating func primary() throws(FormulaError) -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return Expr(.number(value), token.range)
        case .string(let text):
            _ = advance()
            return Expr(.text(text), token.range)
        case .leftParen:
            try enter()
            defer { nesting -= 1 }
            _ = advance()
            let inner = try expression()
            guard current.kind == .rightParen else { throw unclosed(token, inner) }
            let close = advance().range
            return Expr(inner.kind, token.range.through(close))
        case .bracketName(let name):
            _ = advance()
            return try subscripted(name, token.range)
        case .identifier(let name):
            if let word = keyword(token) {
                _ = advance()
                switch word {
                case "TRUE": return Expr(.boolean(true), token.range)
                case "FALSE": return Expr(.boolean(false), token.range)
                default: throw FormulaError(.syntax, "“\(name)”是运算符，此处应为表达式", range: token.range)
                }
            }
            _ = advance()
            if current.kind == .leftParen { return try call(name, token.range) }
            return try subscripted(name, token.range)
        case .end:
            throw FormulaError(.syntax, "公式不完整：结尾处缺少表达式", range: token.range)
        default:
            throw unexpected("数值、数据项或函数")
        }
    }

    private func unclosed(_ open: Token, _ inner: Expr) -> FormulaError {
        if current.kind == .end {
            return FormulaError(.syntax, "缺少右括号“)”：此左括号没有闭合", range: open.range)
        }
        return unexpected("右括号“)”")
    }

    private mutating func call(_ name: String, _ nameRange: SourceRange) throws(FormulaError) -> Expr {
        try enter()
        defer { nesting -= 1 }
        let open = advance()
        var arguments: [Expr] = []
        if current.kind != .rightParen {
            while true {
                if current.kind == .comma || current.kind == .rightParen {
                    throw FormulaError(.syntax, "函数 \(name) 的参数为空", range: current.range)
                }
                arguments.append(try expression())
                if current.kind == .comma { _ = advance(); continue }
                if current.kind == .rightParen { break }
                if current.kind == .end {
                    throw FormulaError(.syntax, "缺少右括号“)”：函数 \(name) 的参数列表没有闭合", range: open.range)
                }
                throw unexpected("逗号“,”或右括号“)”")
            }
        }
        let close = advance().range
        return try node(.call(name, nameRange: nameRange, arguments), nameRange.through(close))
    }

    /// `name`, or `name[point, run]` with each subscript a positive integer or `*`.
    private mutating func subscripted(_ name: String, _ nameRange: SourceRange) throws(FormulaError) -> Expr {
        guard current.kind == .leftBracket else { return Expr(.name(name), nameRange) }
        _ = advance()
        let point = try tableIndex()
        guard current.kind == .comma else {
            throw FormulaError(.syntax, "表格引用应写作 名称[测量点, 次数]，如 \(name)[2,3]、\(name)[2,*]", range: current.range)
        }
        _ = advance()
        let run = try tableIndex()
        guard current.kind == .rightBracket else { throw unexpected("右方括号“]”") }
        let close = advance().range
        return Expr(.cell(name, nameRange: nameRange, point: point, run: run), nameRange.through(close))
    }

    private mutating func tableIndex() throws(FormulaError) -> Expr.TableIndex {
        let token = current
        switch token.kind {
        case .star:
            _ = advance()
            return .all
        case .number(let value):
            _ = advance()
            guard value.exponent >= 0 || value.normalized.exponent >= 0, value > .zero,
                let index = Int(exactly: value.normalized.significand).map({ $0 * Int(Pow10.of(max(value.normalized.exponent, 0))) }),
                index <= 1_000_000
            else {
                throw FormulaError(.syntax, "表格下标应为正整数或 *，实际为 \(value)", range: token.range)
            }
            return .at(index)
        default:
            throw unexpected("表格下标（正整数或 *）")
        }
    }
}
