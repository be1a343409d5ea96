import Testing

@testable import FormulaEngine

@Suite("Parser: precedence, literals, references")
struct ParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("24 / 4 / 2", "3"),
        ("2 ^ 3 ^ 2", "512"),  // right-associative
        ("-2 ^ 2", "-4"),  // ^ binds tighter than unary minus
        ("(-2) ^ 2", "4"),
        ("2 ^ -1", "0.5"),
        ("- -3", "3"),
        ("1 - -1", "2"),
        ("7 - 2 * 3 + 1", "2"),
        ("3 * (2 + 1) ^ 2", "27"),
    ])
    func arithmeticPrecedence(source: String, expected: String) throws {
        #expect(try value(source) == .number(d(expected)))
    }

    @Test(arguments: [
        ("1 < 2 AND 2 < 3", true),
        ("1 > 2 OR 2 < 3", true),
        ("NOT 1 > 2", true),
        ("NOT TRUE OR TRUE", true),  // (NOT TRUE) OR TRUE
        ("TRUE OR FALSE AND FALSE", true),  // AND binds tighter than OR
        ("1 + 1 = 2", true),
        ("1 <> 1.0", false),
        ("2 >= 2.00", true),
        ("\"合格\" = \"合格\"", true),
        ("1 < 2 且 非 (2 < 1)", true),
        ("1 > 2 或 假", false),
        ("1 ≤ 2 and 3 ≥ 3 and 1 ≠ 2", true),
        ("true = TRUE", true),
    ])
    func logicPrecedence(source: String, expected: Bool) throws {
        #expect(try value(source) == .boolean(expected))
    }

    @Test func fullWidthPunctuationFromChineseInputMethods() throws {
        #expect(try value("ROUND（12.1498，0.1）") == .number(d("12.1")))
        #expect(try value("IF(1 ＜ 2, “合格”, “不合格”)") == .text("合格"))
        #expect(try value("3 × 4 ÷ 2") == .number(d("6")))
    }

    @Test func stringsWithQuotes() throws {
        #expect(try value("\"说明\"\"引号\"\"\"") == .text("说明\"引号\""))
    }

    @Test func referencesAndTableCells() throws {
        let schema = FormulaSchema([
            .init("flow_rate", .number(unit: "L/min")),
            .init("sn", .text, name: "出厂编号"),
            .init("readings", .table(points: 2, runs: 3, unit: "L")),
        ])
        let inputs: [String: FormulaValue] = [
            "flow_rate": .decimal("40.0", unit: "L/min"),
            "sn": .text("A-001"),
            "readings": .table(FormulaTable([[d("1.0"), d("2.0"), d("3.0")], [d("4.0"), d("5.0"), nil]])),
        ]
        #expect(try value("flow_rate * 2", schema, inputs) == .number(d("80.0"), unit: "L/min"))
        #expect(try value("[出厂编号]", schema, inputs) == .text("A-001"))
        #expect(try value("[sn] = \"A-001\"", schema, inputs) == .boolean(true))
        #expect(try value("readings[2,1]", schema, inputs) == .number(d("4.0"), unit: "L"))
        #expect(try value("SUM(readings[1,*])", schema, inputs) == .number(d("6.0"), unit: "L"))
        #expect(try value("SUM(readings[*,3])", schema, inputs) == .number(d("3.0"), unit: "L"))  // empty cell skipped
        #expect(try value("COUNT(readings[*,*])", schema, inputs) == .number(d("5")))
        #expect(try value("COUNT(readings)", schema, inputs) == .number(d("5")))
        #expect(try value("readings[2,*]", schema, inputs) == .numbers([d("4.0"), d("5.0")], unit: "L"))
        #expect(try value("AVERAGE(readings[1,*])", schema, inputs) == .number(d("2.0"), unit: "L"))
    }

    @Test func aggregatesAndFunctions() throws {
        #expect(try value("AVERAGE(1, 2, 4)").number?.description == "2.333333333333333333333333333333333")
        #expect(try value("AVG(1.0, 2.0)") == .number(d("1.5")))
        #expect(try value("MIN(3, -1, 2)") == .number(d("-1")))
        #expect(try value("MAX(3, -1, 2)") == .number(d("3")))
        #expect(try value("SUM(0.1, 0.2)") == .number(d("0.3")))
        #expect(try value("ABS(-0.5)") == .number(d("0.5")))
        #expect(try value("SQRT(2.25)") == .number(d("1.5")))
        #expect(try value("POWER(1.1, 2)").number?.description == "1.21")
        #expect(try value("IF(2 > 1, 10, 1 / 0.5)") == .number(d("10")))
        #expect(try value("CONCLUDE(TRUE)") == .text("合格"))
        #expect(try value("CONCLUDE(1 > 2)") == .text("不合格"))
        #expect(try value("CONCLUDE(1 < 2, \"符合\", \"不符合\")") == .text("符合"))
        #expect(try value("ALL(TRUE, 1 < 2)") == .boolean(true))
        #expect(try value("ANY(FALSE, 1 > 2)") == .boolean(false))
        #expect(try value("round(1.25, 0.1)") == .number(d("1.2")))  // functions are case-insensitive
    }

    /// STDEV of 10.01, 10.03, 10.02: mean 10.02, deviations ±0.01, s = √(0.0002 / 2) = 0.01 exactly.
    @Test func sampleStandardDeviation() throws {
        #expect(try value("STDEV(10.01, 10.03, 10.02)") == .number(d("0.01")))
        let s = try #require(value("STDEV(1, 2, 3, 4)").number)
        #expect(s.description.hasPrefix("1.290994448735805628393088466594133"))
    }

    @Test func conditionsShortCircuit() throws {
        let schema = FormulaSchema([.init("n", .number())])
        #expect(try value("IF(n = 0, 0, 1 / n)", schema, ["n": .decimal("0")]) == .number(d("0")))
        #expect(try value("n > 0 AND 1 / n > 1", schema, ["n": .decimal("0")]) == .boolean(false))
    }
}
