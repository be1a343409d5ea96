/// How large a formula may be. The parser, the lowerer, the compiled closures and the release of a parsed tree all
/// recurse once per level of the tree, so a formula's depth is its stack use: 5,000 nested parentheses (10 KB of
/// text) overflowed the stack and took the flows service down. These bounds are checked while parsing, before any
/// of that recursion can go further, wherever a formula comes from (a "try it" request, a saved draft, a version
/// read back from the database).
public enum FormulaLimits {
    /// Source length in UTF-16 code units (what the editor counts), the same cap "try it" expressions always had.
    public static let maxLength = 2_000
    /// Brackets, function calls, unary operators and exponents inside one another. Real formulas use fewer than ten.
    public static let maxNesting = 64
    /// Height of the parsed tree, which also grows with a chain of operators (`a + b + c + …` is one level per `+`).
    /// 256 terms in one chain is far past any lab formula; the stack use it allows is a few hundred frames.
    public static let maxDepth = 256

    /// Throws `FORMULA_TOO_LONG` or `FORMULA_TOO_DEEP` if `source` exceeds a bound, and nothing for any other
    /// problem (those are reported with the formula's other errors). For callers that must refuse oversized input
    /// up front, naming the field, before compiling anything.
    public static func check(_ source: String) throws(FormulaError) {
        do throws(FormulaError) {
            _ = try Parser.parse(source)
        } catch  where error.code == .tooLong || error.code == .tooDeep {
            throw error
        } catch {}
    }

    static func tooLong(_ length: Int) -> FormulaError {
        FormulaError(.tooLong, "公式过长：共 \(length) 个字符，最多 \(maxLength) 个")
    }

    static func tooDeep(_ range: SourceRange) -> FormulaError {
        FormulaError(.tooDeep, "公式嵌套过深：括号、函数和运算符最多嵌套 \(maxNesting) 层，一串连续运算最多 \(maxDepth) 项，请拆分为多个计算项", range: range)
    }
}
