/// Where something is in a formula's source text.
///
/// Offsets and lengths count **UTF-16 code units** (what a browser's `selectionStart`/`setSelectionRange` use), so a
/// front end can highlight the range directly. `line` and `column` are 1-based; `column` also counts UTF-16 units.
public struct SourceRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var offset: Int
    public var length: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, length: Int, line: Int, column: Int) {
        self.offset = offset
        self.length = length
        self.line = line
        self.column = column
    }

    /// The range that starts where `self` starts and ends where `other` ends (both in the same source).
    func through(_ other: SourceRange) -> SourceRange {
        SourceRange(offset: offset, length: max(length, other.offset + other.length - offset), line: line, column: column)
    }

    public var description: String { "第 \(line) 行第 \(column) 列" }
}

/// Every failure of the formula engine: at save time (syntax, names, types, cycles …) and at evaluation time
/// (missing values, overflow, square root of a negative number …). `code` is stable and meant for programs;
/// `message` is Chinese and meant for the lab user who wrote the formula.
public struct FormulaError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        case syntax = "FORMULA_SYNTAX"
        case unknownName = "FORMULA_UNKNOWN_NAME"
        case unknownFunction = "FORMULA_UNKNOWN_FUNCTION"
        case arity = "FORMULA_ARITY"
        case type = "FORMULA_TYPE"
        case unitMismatch = "FORMULA_UNIT_MISMATCH"
        case cycle = "FORMULA_CYCLE"
        case divisionByZero = "FORMULA_DIVISION_BY_ZERO"
        case roundedTwice = "FORMULA_ROUNDED_TWICE"
        case overflow = "FORMULA_OVERFLOW"
        case domain = "FORMULA_DOMAIN"
        case missingValue = "FORMULA_MISSING_VALUE"
        /// Longer than `FormulaLimits.maxLength`.
        case tooLong = "FORMULA_TOO_LONG"
        /// Nested or chained deeper than `FormulaLimits` allows.
        case tooDeep = "FORMULA_TOO_DEEP"
    }

    public var code: Code
    /// Chinese, for the person who wrote the formula.
    public var message: String
    /// The data item whose formula this is about; nil for a bare value operation or a "try it" expression.
    public var formula: String?
    /// Where in that formula's source; nil when the error is not about one place (e.g. a wrongly typed input).
    public var range: SourceRange?

    public init(_ code: Code, _ message: String, formula: String? = nil, range: SourceRange? = nil) {
        self.code = code
        self.message = message
        self.formula = formula
        self.range = range
    }

    /// UTF-16 offset of the error in the formula, if it has a place.
    public var position: Int? { range?.offset }
    /// UTF-16 length of the offending text (0 when it has no place).
    public var length: Int { range?.length ?? 0 }

    /// Attaches a place and a formula unless the error already has them (the innermost place wins).
    func located(_ range: SourceRange?, formula: String?) -> FormulaError {
        var copy = self
        if copy.range == nil { copy.range = range }
        if copy.formula == nil { copy.formula = formula }
        return copy
    }

    public var description: String {
        var text = "[\(code.rawValue)]"
        if let formula { text += " \(formula)" }
        if let range { text += " \(range)" }
        return text + "：" + message
    }

    static func overflow(_ what: String = "") -> FormulaError {
        FormulaError(.overflow, "数值超出精确运算范围（最多 38 位有效数字）" + what)
    }
}
