import FormulaEngine

/// Decimal literals in tests.
enum ExactDecimalLiteral {
    static func make(_ text: String) -> ExactDecimal { ExactDecimal(text)! }
}
