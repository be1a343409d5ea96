import Testing

@testable import FormulaEngine

/// GB/T 8170-2008 worked examples, rule by rule. Results are compared as text: the scale is part of the result.
@Suite("GB/T 8170 rounding")
struct GBT8170RoundingTests {
    static func interval(_ value: String, _ interval: String) throws -> String {
        try d(value).rounded(toInterval: d(interval)).description
    }

    static func significant(_ value: String, _ digits: Int) throws -> String {
        try d(value).rounded(significantDigits: digits).description
    }

    /// §3.3.1: the digit dropped is below 5 → keep.
    @Test func rule331DroppedDigitBelowFive() throws {
        #expect(try Self.interval("12.1498", "0.1") == "12.1")
        #expect(try Self.significant("12.1498", 2) == "12")
    }

    /// §3.3.2: the digit dropped is above 5, or 5 followed by nonzero digits → add one.
    @Test func rule332DroppedDigitAboveFive() throws {
        #expect(try Self.interval("1268", "100") == "1300")
        #expect(try Self.significant("1268", 3) == "1270")
        #expect(try Self.interval("10.502", "1") == "11")
    }

    /// §3.3.3: exactly 5 → make the last kept digit even.
    @Test func rule333ExactlyFiveKeepsEven() throws {
        #expect(try Self.interval("1.050", "0.1") == "1.0")
        #expect(try Self.interval("0.35", "0.1") == "0.4")
        #expect(try Self.interval("2500", "1000") == "2000")
        #expect(try Self.interval("3500", "1000") == "4000")
        #expect(try Self.significant("0.0325", 2) == "0.032")
        #expect(try Self.significant("32500", 2) == "32000")
    }

    /// §3.3.4: negative numbers: round the absolute value, then restore the sign.
    @Test func rule334NegativeNumbers() throws {
        #expect(try Self.interval("-355", "10") == "-360")
        #expect(try Self.interval("-325", "10") == "-320")
        #expect(try Self.significant("-0.0365", 2) == "-0.036")
    }

    /// §3.4: round once, from the original value.
    @Test func rule34NoSuccessiveRounding() throws {
        #expect(try Self.interval("97.46", "1") == "97")
        // The wrong way the standard warns about: 97.46 → 97.5 → 98.
        let successive = try d("97.46").rounded(toInterval: d("0.1")).rounded(toInterval: d("1"))
        #expect(successive.description == "98")
        #expect(try Self.interval("15.4546", "1") == "15")
    }

    /// §3.4 in the language: the checker refuses rounding a rounded value.
    @Test func rule34CheckerRefusesRoundingTwice() throws {
        let schema = FormulaSchema([.init("x", .number())])
        let error = try #require(compileError("ROUND(ROUND(x, 0.1), 1)", schema))
        #expect(error.code == .roundedTwice)
        #expect(error.message.hasPrefix("不允许连续修约（GB/T 8170 3.4）"))
        #expect(error.position == 6)
        #expect(error.length == "ROUND(x, 0.1)".utf16.count)
        #expect(try value("ROUND(x, 1)", schema, ["x": .decimal("15.4546")]) == .number(d("15")))
    }

    /// §4.1: 0.5-unit rounding (×2, round to 1, ÷2).
    @Test(arguments: [("60.25", "60.0"), ("60.38", "60.5"), ("60.28", "60.5"), ("-60.75", "-61.0")])
    func rule41HalfUnit(input: String, expected: String) throws {
        #expect(try Self.interval(input, "0.5") == expected)
    }

    /// §4.2: 0.2-unit rounding to 20 (×5, round to 100, ÷5).
    @Test(arguments: [("830", "840"), ("842", "840"), ("832", "840"), ("-930", "-920")])
    func rule42FifthUnit(input: String, expected: String) throws {
        #expect(try Self.interval(input, "20") == expected)
    }

    @Test func resultKeepsTheIntervalsScale() throws {
        #expect(try Self.interval("5", "0.01") == "5.00")
        #expect(try Self.interval("0.004", "0.01") == "0.00")
        #expect(try Self.interval("9.96", "0.1") == "10.0")
        #expect(try Self.significant("9.96", 2) == "10")
        #expect(try Self.interval("0.0000001", "100") == "0")
    }

    @Test func invalidIntervalsAreRefused() {
        for bad in ["0.3", "0", "-0.1", "1.5", "25"] {
            #expect(throws: FormulaError.self) { try Self.interval("1.23", bad) }
        }
        #expect(throws: FormulaError.self) { try Self.significant("1.23", 0) }
    }

    @Test func roundingInTheLanguage() throws {
        #expect(try value("ROUND(12.1498, 0.1)") == .number(d("12.1")))
        #expect(try value("ROUNDSIG(0.0325, 2)") == .number(d("0.032")))
        #expect(try value("ROUND(-60.75, 0.5)").number?.description == "-61.0")
        #expect(try value("ROUND(832, 20)").number?.description == "840")
    }
}
