import Testing

@testable import FormulaEngine

/// Every error code, with its place (UTF-16 offset, length, line, column) and Chinese message.
@Suite("Errors at save time and at evaluation time")
struct FormulaErrorTests {
    static let schema = FormulaSchema([
        .init("flow_rate", .number(unit: "L/min")),
        .init("V", .number(unit: "L")),
        .init("x", .number()),
        .init("readings", .table(points: 3, runs: 3, unit: "L")),
        .init("sn", .text, name: "出厂编号"),
    ])

    @Test func syntax() throws {
        let error = try #require(compileError("1 + * 2", Self.schema))
        #expect(error.code == .syntax)
        #expect(error.formula == "f")
        #expect(error.position == 4)
        #expect(error.length == 1)
        #expect(error.message == "此处应为数值、数据项或函数，实际为“*”")

        let unclosed = try #require(compileError("ROUND(x, 0.1", Self.schema))
        #expect(unclosed.code == .syntax)
        #expect(unclosed.position == 5)
        #expect(unclosed.message.contains("缺少右括号"))

        let chained = try #require(compileError("1 < x < 3", Self.schema))
        #expect(chained.message.contains("比较运算不能连用"))

        let empty = try #require(compileError("  ", Self.schema))
        #expect(empty.message == "公式为空")

        let character = try #require(compileError("x # 2", Self.schema))
        #expect(character.position == 2)
        #expect(character.message == "无法识别的字符“#”")

        let trailing = try #require(compileError("x 2", Self.schema))
        #expect(trailing.position == 2)
        #expect(trailing.message.hasPrefix("多余的内容“2”"))
    }

    @Test func lineAndColumnCountUTF16() throws {
        let error = try #require(compileError("[出厂编号] = \"A\" AND\n  未知量 > 1", Self.schema))
        #expect(error.code == .unknownName)
        #expect(error.range?.line == 2)
        #expect(error.range?.column == 3)
        #expect(error.position == "[出厂编号] = \"A\" AND\n  ".utf16.count)
        #expect(error.length == 3)
    }

    @Test func unknownNameSuggestsTheNearest() throws {
        let error = try #require(compileError("flow_rat * 2", Self.schema))
        #expect(error.code == .unknownName)
        #expect(error.position == 0)
        #expect(error.length == 8)
        #expect(error.message == "未知的数据项“flow_rat”，是否是“flow_rate”？")
        let function = try #require(compileError("x + ROUND", Self.schema))
        #expect(function.message.contains("ROUND 是函数"))
    }

    @Test func unknownFunction() throws {
        let error = try #require(compileError("AVERGE(x, 1)", Self.schema))
        #expect(error.code == .unknownFunction)
        #expect(error.position == 0)
        #expect(error.length == 6)
        #expect(error.message == "未知的函数“AVERGE”，是否是 AVERAGE？")
    }

    @Test func arity() throws {
        let error = try #require(compileError("1 + ROUND(x)", Self.schema))
        #expect(error.code == .arity)
        #expect(error.position == 4)
        #expect(error.length == 8)
        #expect(error.message == "函数 ROUND 需要 2 个参数，实际为 1 个；用法：ROUND(x, 修约间隔)")
        #expect(compileError("WITHIN(x, 1)", Self.schema)?.message.contains("3 到 5 个参数") == true)
        #expect(compileError("ATMOST(x, readings[1,1] , \"rounded\")", Self.schema)?.code == .unitMismatch)
        let interval = try #require(compileError("ATMOST(x, x, \"rounded\")", Self.schema))
        #expect(interval.code == .arity)
        #expect(interval.message.contains("修约间隔"))
    }

    @Test func types() throws {
        let text = try #require(compileError("\"合格\" + 1", Self.schema))
        #expect(text.code == .type)
        #expect(text.position == 0)
        #expect(text.length == 4)
        #expect(text.message == "运算“+”需要数值，实际为文本")

        let slice = try #require(compileError("readings[1,*] * 2", Self.schema))
        #expect(slice.message.contains("请用 SUM、AVERAGE、MAX 等函数汇总"))

        let condition = try #require(compileError("IF(x, 1, 2)", Self.schema))
        #expect(condition.position == 3)
        #expect(condition.message == "IF 的条件需要逻辑值（真/假），实际为数值")

        let branches = try #require(compileError("IF(x > 1, 1, \"A\")", Self.schema))
        #expect(branches.message == "IF 的两个结果类型不同：数值 与 文本")

        let notTable = try #require(compileError("x[1,1]", Self.schema))
        #expect(notTable.message.contains("不是表格"))

        let outside = try #require(compileError("readings[4,1]", Self.schema))
        #expect(outside.code == .type)
        #expect(outside.message == "下标超出表格范围：“readings”有 3 个测量点 × 3 次（下标从 1 开始）")

        #expect(compileError("\"a\" < \"b\"", Self.schema)?.message == "文本只能比较是否相等（= 或 <>）")
        #expect(compileError("x = \"a\"", Self.schema)?.message == "不能比较数值与文本")
        #expect(FormulaSet.check(schema: Self.schema, formulas: ["x": "1"]).first?.message == "“x”是录入项，不能设置公式")
    }

    @Test func unitMismatch() throws {
        let error = try #require(compileError("V + flow_rate", Self.schema))
        #expect(error.code == .unitMismatch)
        #expect(error.position == 0)
        #expect(error.length == 13)
        #expect(error.message == "单位不一致：L 与 L/min 不能相加")
    }

    @Test func cycleNamesThePath() throws {
        let errors = FormulaSet.check(schema: Self.schema, formulas: ["a": "b + 1", "b": "c * 2", "c": "a - x", "d": "x + 1"])
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.code == .cycle)
        #expect(error.formula == "a")
        #expect(error.message == "公式存在循环引用：a → b → c → a")
        #expect(error.position == 0)
        #expect(error.length == 1)

        let selfReference = try #require(FormulaSet.check(schema: Self.schema, formulas: ["a": "x + a"]).first)
        #expect(selfReference.message == "公式存在循环引用：a → a")
        #expect(selfReference.position == 4)
    }

    @Test func divisionByConstantZero() throws {
        let error = try #require(compileError("x / 0", Self.schema))
        #expect(error.code == .divisionByZero)
        #expect(error.position == 4)
        #expect(error.message == "除数为常数 0")
        let folded = try #require(compileError("x / (2 - 2.0)", Self.schema))
        #expect(folded.code == .divisionByZero)
        #expect(folded.position == 4)
        #expect(folded.length == 9)
        // A divisor that is zero only at run time is caught then.
        #expect(throws: FormulaError.self) { try value("1 / x", Self.schema, ["x": .decimal("0")]) }
    }

    @Test func roundedTwiceThroughAReference() throws {
        let error = try #require(compileError("ROUND(Ed, 0.1)", Self.schema, others: ["Ed": "ROUND(x, 0.01)"]))
        #expect(error.code == .roundedTwice)
        #expect(error.position == 6)
        #expect(error.message == "不允许连续修约（GB/T 8170 3.4）：“Ed”已修约到 0.01，应从原始数值一次修约到所需间隔")
        // ABS, unary minus, MIN/MAX and IF pass the "rounded" mark on; arithmetic makes a new number.
        #expect(compileError("ROUNDSIG(ABS(-Ed), 2)", Self.schema, others: ["Ed": "ROUND(x, 0.01)"])?.code == .roundedTwice)
        #expect(compileError("ROUND(MAX(Ed, x), 1)", Self.schema, others: ["Ed": "ROUND(x, 0.01)"])?.code == .roundedTwice)
        #expect(compileError("ROUND(IF(x > 0, Ed, x), 1)", Self.schema, others: ["Ed": "ROUND(x, 0.01)"])?.code == .roundedTwice)
        #expect(compileError("ROUND(Ed * 2, 1)", Self.schema, others: ["Ed": "ROUND(x, 0.01)"]) == nil)
    }

    @Test func overflow() throws {
        let error = try #require(compileError("x + 99999999999999999999 * 99999999999999999999", Self.schema))
        #expect(error.code == .overflow)
        #expect(error.position == 4)
        #expect(error.message.hasPrefix("数值超出精确运算范围"))
        do {
            _ = try value("x * x", Self.schema, ["x": .decimal("99999999999999999999")])
            Issue.record("expected an overflow")
        } catch {
            #expect(error.code == .overflow)
            #expect(error.position == 0)
            #expect(error.length == 5)
        }
    }

    @Test func domain() throws {
        do {
            _ = try value("1 + SQRT(x)", Self.schema, ["x": .decimal("-4")])
            Issue.record("expected a domain error")
        } catch {
            #expect(error.code == .domain)
            #expect(error.position == 4)
            #expect(error.message == "不能对负数开平方（-4）")
        }
        let interval = try #require(compileError("ROUND(x, 0.3)", Self.schema))
        #expect(interval.code == .domain)
        #expect(interval.position == 9)
        #expect(interval.message.hasPrefix("修约间隔 0.3 无效"))
        let exponent = try #require(compileError("x ^ 0.5", Self.schema))
        #expect(exponent.code == .domain)
        #expect(exponent.message.contains("SQRT"))
        #expect(compileError("ROUNDSIG(x, 0)", Self.schema)?.code == .domain)
        #expect(throws: FormulaError.self) { try value("STDEV(x)", Self.schema, ["x": .decimal("1")]) }
    }

    @Test func missingValue() throws {
        do {
            _ = try value("V + readings[2,3]", Self.schema, ["V": .decimal("1", unit: "L")])
            Issue.record("expected a missing value")
        } catch {
            #expect(error.code == .missingValue)
            #expect(error.position == 4)
            #expect(error.message == "“readings”第 2 个测量点第 3 次没有读数")
        }
        do {
            _ = try value("x * 2", Self.schema, [:])
            Issue.record("expected a missing value")
        } catch {
            #expect(error.code == .missingValue)
            #expect(error.message == "数据项“x”没有值")
        }
        #expect(throws: FormulaError.self) { try value("AVERAGE(readings[1,*])", Self.schema, [:]) }
    }

    @Test func wronglyTypedInput() throws {
        do {
            _ = try value("x + 1", Self.schema, ["x": .text("12")])
            Issue.record("expected a type error")
        } catch {
            #expect(error.code == .type)
            #expect(error.formula == "x")
            #expect(error.message == "输入值“x”类型不符：应为数值，实际为“12”")
        }
        #expect(throws: FormulaError.self) { try value("V", Self.schema, ["V": .decimal("1", unit: "mL")]) }
    }

    @Test func everyCodeIsCovered() {
        // The stable codes the flows service documents.
        #expect(
            FormulaError.Code.allCases.map(\.rawValue).sorted() == [
                "FORMULA_ARITY", "FORMULA_CYCLE", "FORMULA_DIVISION_BY_ZERO", "FORMULA_DOMAIN", "FORMULA_MISSING_VALUE",
                "FORMULA_OVERFLOW", "FORMULA_ROUNDED_TWICE", "FORMULA_SYNTAX", "FORMULA_TOO_DEEP", "FORMULA_TOO_LONG", "FORMULA_TYPE",
                "FORMULA_UNIT_MISMATCH",
                "FORMULA_UNKNOWN_FUNCTION", "FORMULA_UNKNOWN_NAME",
            ])
    }
}
