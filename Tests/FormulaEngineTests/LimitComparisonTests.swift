import Testing

@testable import FormulaEngine

/// GB/T 8170-2008 §4.3: the full-value method and the rounded-value method give different verdicts near a limit.
@Suite("GB/T 8170 §4.3 limit comparison")
struct LimitComparisonTests {
    /// Lower limit ≥ 97.0.
    @Test(arguments: [("97.01", true, true), ("97.00", true, true), ("96.96", false, true), ("96.94", false, false)])
    func atLeast(value: String, full: Bool, rounded: Bool) throws {
        #expect(try d(value).isAtLeast(d("97.0"), method: .full) == full)
        #expect(try d(value).isAtLeast(d("97.0"), method: .rounded, interval: d("0.1")) == rounded)
        let schema = FormulaSchema([.init("x", .number())])
        #expect(try Formula("ATLEAST(x, 97.0, \"full\")", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(full))
        #expect(try Formula("ATLEAST(x, 97.0, \"rounded\", 0.1)", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(rounded))
        // Without an interval the rounded method rounds to the limit's last digit (97.0 → 0.1).
        #expect(try Formula("ATLEAST(x, 97.0, \"修约值比较法\")", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(rounded))
    }

    /// Upper limit ≤ 0.5 (the rounded values are 0.5, 0.5, 0.5 and 0.6).
    @Test(arguments: [("0.452", true, true), ("0.500", true, true), ("0.549", false, true), ("0.551", false, false)])
    func atMost(value: String, full: Bool, rounded: Bool) throws {
        #expect(try d(value).isAtMost(d("0.5"), method: .full) == full)
        #expect(try d(value).isAtMost(d("0.5"), method: .rounded, interval: d("0.1")) == rounded)
        let schema = FormulaSchema([.init("x", .number())])
        #expect(try Formula("ATMOST(x, 0.5)", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(full))
        #expect(try Formula("ATMOST(x, 0.5, \"rounded\")", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(rounded))
    }

    /// Range 9.9 … 10.1 (rounded: 9.9, 9.8, 10.1, 10.2).
    @Test(arguments: [("9.89", false, true), ("9.85", false, false), ("10.10", true, true), ("10.16", false, false)])
    func within(value: String, full: Bool, rounded: Bool) throws {
        #expect(try d(value).isWithin(d("9.9"), d("10.1"), method: .full) == full)
        #expect(try d(value).isWithin(d("9.9"), d("10.1"), method: .rounded, interval: d("0.1")) == rounded)
        let schema = FormulaSchema([.init("x", .number())])
        #expect(try Formula("WITHIN(x, 9.9, 10.1, \"full\")", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(full))
        #expect(try Formula("WITHIN(x, 9.9, 10.1, \"rounded\", 0.1)", schema: schema).evaluate(inputs: ["x": .decimal(value)]) == .boolean(rounded))
    }

    @Test func maximumPermissibleError() throws {
        let schema = FormulaSchema([.init("E", .number(unit: "%"))])
        func judge(_ e: String, _ method: String) throws -> FormulaValue {
            try Formula("ABSWITHIN(E, 0.30, \"\(method)\", 0.01)", schema: schema).evaluate(inputs: ["E": .decimal(e, unit: "%")])
        }
        #expect(try judge("-0.304", "rounded") == .boolean(true))
        #expect(try judge("-0.304", "full") == .boolean(false))
        #expect(try judge("0.305", "rounded") == .boolean(true))  // 0.305 → 0.30 (half to even)
        #expect(try judge("0.3051", "rounded") == .boolean(false))
    }

    @Test func vectorisedOverATableSlice() throws {
        let schema = FormulaSchema([.init("t", .table(points: 1, runs: 4))])
        let table = FormulaTable([[d("9.89"), d("9.85"), d("10.10"), d("10.16")]])
        let result = try Formula("WITHIN(t[1,*], 9.9, 10.1, \"rounded\", 0.1)", schema: schema).evaluate(inputs: ["t": .table(table)])
        #expect(result == .booleans([true, false, true, false]))
        #expect(
            try Formula("ALL(WITHIN(t[1,*], 9.9, 10.1, \"rounded\", 0.1))", schema: schema).evaluate(inputs: ["t": .table(table)]) == .boolean(false))
    }

    @Test func roundedValueMayBeJudgedAtItsOwnIntervalOnly() throws {
        let schema = FormulaSchema([.init("x", .number())])
        // Rounded to 0.01 and judged by the rounded method at 0.01: nothing is rounded twice.
        #expect(compileError("ABSWITHIN(Ed, 0.30, \"rounded\", 0.01)", schema, others: ["Ed": "ROUND(x, 0.01)"]) == nil)
        #expect(compileError("ABSWITHIN(Ed, 0.30, \"full\")", schema, others: ["Ed": "ROUND(x, 0.01)"]) == nil)
        let error = try #require(compileError("ABSWITHIN(Ed, 0.3, \"rounded\", 0.1)", schema, others: ["Ed": "ROUND(x, 0.01)"]))
        #expect(error.code == .roundedTwice)
        #expect(error.position == 10)
    }

    @Test func methodMustBeKnown() throws {
        let schema = FormulaSchema([.init("x", .number())])
        let error = try #require(compileError("ATMOST(x, 0.5, \"approx\")", schema))
        #expect(error.code == .type)
        #expect(error.message.contains("全数值比较法"))
        #expect(error.position == 15)
    }
}
