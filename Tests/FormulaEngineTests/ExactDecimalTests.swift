import Testing

@testable import FormulaEngine

@Suite("ExactDecimal: exact arithmetic and lossless text")
struct ExactDecimalTests {
    @Test func keepsTheScaleWritten() throws {
        #expect(d("1.0020").description == "1.0020")
        #expect(d("-0.036").description == "-0.036")
        #expect(d("1300").description == "1300")
        #expect(d(".5").description == "0.5")
        #expect(d("1.2E-3").description == "0.0012")
        #expect(d("0.000").description == "0.000")
        #expect(ExactDecimal("12a") == nil)
        #expect(ExactDecimal("") == nil)
        #expect(ExactDecimal("1.2.3") == nil)
    }

    @Test func zeroPointOnePlusZeroPointTwoIsExactlyZeroPointThree() throws {
        let sum = try d("0.1") + d("0.2")
        #expect(sum == d("0.3"))
        #expect(sum.description == "0.3")
        #expect(sum.isExact)
    }

    @Test func scaleFollowsPythonDecimal() throws {
        #expect(try (d("1.0") * d("1.00")).description == "1.000")
        #expect(try (d("1.50") + d("1")).description == "2.50")
        #expect(try (d("10.00") / d("2")).description == "5.00")
        #expect(try (d("1") / d("4")).description == "0.25")
        #expect(try (d("0.010000") / d("20.000000")).description == "0.0005")
    }

    /// 1/3 has no finite decimal form: it is rounded to 34 significant digits and flagged inexact; ×3 then gives
    /// 0.999…9 (34 nines), not 1. This is documented behaviour (as decimal128 and Python's decimal with prec=34).
    @Test func oneThirdTimesThree() throws {
        let third = try d("1") / d("3")
        #expect(!third.isExact)
        #expect(third.description == "0." + String(repeating: "3", count: 34))
        let back = try third * d("3")
        #expect(back.description == "0." + String(repeating: "9", count: 34))
        #expect(!back.isExact)
        #expect(try back.rounded(toInterval: d("0.01")).description == "1.00")
    }

    @Test func divisionRoundsHalfEvenTo34Digits() throws {
        #expect(try (d("2") / d("3")).description == "0." + String(repeating: "6", count: 33) + "7")
        #expect(try (d("1") / d("123456")).description == "0.000008100051840331778123379989631933644")
    }

    @Test func equalityIsByValueAndHashAgrees() {
        #expect(d("1.0") == d("1.00"))
        #expect(d("1.0").hashValue == d("1.00").hashValue)
        #expect(!d("1.0").isIdentical(to: d("1.00")))
        #expect(d("-0.0") == d("0"))
        #expect(d("0.35") < d("0.4"))
        #expect(d("-2") < d("-1.5"))
        #expect(d("1E+20") > d("99999999999999999999.9"))
    }

    @Test func overflowThrowsInsteadOfTrapping() {
        let big = d("99999999999999999999")  // 20 digits
        #expect(throws: FormulaError.self) { try big * big }
        do {
            _ = try big * big
        } catch {
            #expect(error.code == .overflow)
            #expect(error.message.contains("38 位"))
        }
        #expect(ExactDecimal("1" + String(repeating: "0", count: 40) + ".5") == nil)
        #expect(throws: FormulaError.self) { try d("1E+9999") * d("10") * d("1E+10") }
    }

    @Test func trailingZerosDoNotCountAgainstPrecision() throws {
        #expect(try d("10").power(50) == d("1E+50"))
        #expect(try d("2").power(10) == d("1024"))
        #expect(try d("2").power(-2).description == "0.25")
        #expect(throws: FormulaError.self) { try d("0").power(-1) }
    }

    @Test func squareRoot() throws {
        #expect(try d("2.25").squareRoot().description == "1.5")
        #expect(try d("4").squareRoot().description == "2")
        #expect(try d("2").squareRoot().description.hasPrefix("1.414213562373095048801688724209698"))
        #expect(try !d("2").squareRoot().isExact)
        #expect(throws: FormulaError.self) { try d("-1").squareRoot() }
    }

    @Test func inexactSumsRoundToWorkingPrecision() throws {
        let third = try d("1") / d("3")
        let sum = try third + d("1000")
        #expect(sum.description == "1000." + String(repeating: "3", count: 30))
        #expect(!sum.isExact)
    }

    @Test func codableAsString() throws {
        #expect(d("1.0020").integerValue == nil)
        #expect(d("3.0").integerValue == 3)
        #expect(d("2E1").integerValue == 20)
    }
}
