import Testing

@testable import FormulaEngine

/// "Try it": a formula evaluated with sample values shows every intermediate step.
@Suite("Try it: traced evaluation")
struct TraceTests {
    static let schema = FormulaSchema([
        .init("Vd", .number(unit: "L")),
        .init("Vs", .number(unit: "L")),
    ])

    @Test func stepsShowEachSubExpressionWithValueAndUnit() throws {
        let trial = try Formula.evaluate(
            "ROUND((Vd - Vs) / Vs * 100, 0.01)", schema: Self.schema,
            sample: ["Vd": .decimal("20.05", unit: "L"), "Vs": .decimal("20.00", unit: "L")])
        #expect(trial.value == .number(d("0.25"), unit: nil))
        #expect(trial.type.isRounded)
        let shown = trial.steps.map { "\($0.expression) = \($0.value)" }
        #expect(
            shown == [
                "Vd = 20.05 L",
                "Vs = 20.00 L",
                "(Vd - Vs) = 0.05 L",
                "Vs = 20.00 L",
                "(Vd - Vs) / Vs = 0.0025",
                "(Vd - Vs) / Vs * 100 = 0.2500",
                "ROUND((Vd - Vs) / Vs * 100, 0.01) = 0.25",
            ])
        #expect(trial.steps.allSatisfy { $0.formula == nil })
        #expect(trial.steps[2].range.offset == 6)
    }

    @Test func stepsOfReferencedFormulasCarryTheirCode() throws {
        let trial = try Formula.evaluate(
            "IF(dV > 0, \"偏大\", \"偏小\")", schema: Self.schema, formulas: ["dV": "Vd - Vs"],
            sample: ["Vd": .decimal("19.98", unit: "L"), "Vs": .decimal("20.00", unit: "L")])
        #expect(trial.value == .text("偏小"))
        #expect(trial.steps.first?.formula == "dV")
        #expect(trial.steps.last?.description == "IF(dV > 0, \"偏大\", \"偏小\") = 偏小")
    }

    @Test func tracedSetEvaluation() throws {
        let set = try FormulaSet(schema: Self.schema, formulas: ["dV": "Vd - Vs"])
        let evaluation = try set.evaluate(inputs: ["Vd": .decimal("1"), "Vs": .decimal("2")], trace: true)
        #expect(evaluation.values["dV"] == .number(d("-1"), unit: "L"))
        #expect(evaluation.steps.map(\.expression) == ["Vd", "Vs", "Vd - Vs"])
        #expect(try set.evaluate(inputs: ["Vd": .decimal("1"), "Vs": .decimal("2")], trace: false).steps.isEmpty)
    }

    @Test func errorsOfTheTriedExpressionHaveNoItemCode() {
        do {
            _ = try Formula.evaluate("Vd +", schema: Self.schema, sample: [:])
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.formula == nil)
            #expect(error.position == 4)
        }
    }
}
