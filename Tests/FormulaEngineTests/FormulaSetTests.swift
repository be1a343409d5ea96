import Testing

@testable import FormulaEngine

@Suite("Formula sets: dependencies, names, partial records")
struct FormulaSetTests {
    static let schema = FormulaSchema([
        .init("a", .number()),
        .init("b", .number()),
        .init("mean", .computed(), name: "平均值"),
        .init("twice", .computed()),
    ])

    @Test func evaluatesInDependencyOrderWhateverTheWritingOrder() throws {
        let set = try FormulaSet(schema: Self.schema, formulas: ["twice": "[平均值] * 2", "mean": "AVERAGE(a, b)", "extra": "twice + mean"])
        #expect(set.order == ["mean", "twice", "extra"])
        let values = try set.evaluate(inputs: ["a": .decimal("1.5"), "b": .decimal("2.5")])
        #expect(values["mean"] == .number(d("2")))
        #expect(values["twice"] == .number(d("4")))
        #expect(values["extra"] == .number(d("6")))
        #expect(set.type(of: "extra")?.base == .number)
    }

    @Test func allErrorsAreReportedOncePerFormulaInSchemaOrder() {
        let errors = FormulaSet.check(schema: Self.schema, formulas: ["mean": "AVERAGE(a, c)", "twice": "mean * ", "other": "mean + 1"])
        #expect(errors.map(\.formula) == ["mean", "twice"])
        #expect(errors.map(\.code) == [.unknownName, .syntax])
    }

    @Test func computedItemWithoutFormula() {
        let errors = FormulaSet.check(schema: Self.schema, formulas: ["mean": "a"])
        #expect(errors.first?.formula == "twice")
        #expect(errors.first?.message == "数据项“twice”是计算项，但没有公式")
    }

    @Test func partialRecordsEvaluateWhatTheyCan() throws {
        let set = try FormulaSet(schema: Self.schema, formulas: ["mean": "AVERAGE(a, b)", "twice": "a * 2"])
        let (values, errors) = set.evaluateAvailable(inputs: ["a": .decimal("3")])
        #expect(values["twice"] == .number(d("6")))
        #expect(values["mean"] == nil)
        #expect(errors["mean"]?.code == .missingValue)
        #expect(errors["mean"]?.message == "数据项“b”没有值")
    }

    @Test func compiledSetIsReusableAcrossRecords() throws {
        let set = try FormulaSet(schema: Self.schema, formulas: ["mean": "AVERAGE(a, b)", "twice": "mean * 2"])
        for i in 1...50 {
            let values = try set.evaluate(inputs: ["a": .number(ExactDecimal(i)), "b": .number(ExactDecimal(i + 2))])
            #expect(values["twice"] == .number(ExactDecimal(2 * i + 2)))
        }
    }

    @Test func functionCatalogDocumentsEveryFunction() {
        #expect(FormulaFunction.named("avg")?.name == "AVERAGE")
        #expect(FormulaFunction.all.count == 19)
        #expect(FormulaFunction.all.allSatisfy { !$0.summary.isEmpty && !$0.example.isEmpty })
        // Every documented example compiles (with its names declared as numbers or tables).
        for function in FormulaFunction.all {
            var schema = FormulaSchema()
            for name in [
                "n", "s", "e_1_1", "e_1_2", "e_1_3", "E", "u1", "u2", "d", "R", "t", "Er", "purity", "ok_1", "ok_2", "ok_3", "flag_1", "flag_2",
            ] {
                schema.add(name, name.hasPrefix("ok") || name.hasPrefix("flag") ? .boolean : .number())
            }
            schema.add("readings", .table(points: 3, runs: 3))
            #expect(compileError(function.example, schema) == nil, "\(function.example)")
        }
    }
}
