import Testing

@testable import FormulaEngine

/// Units are labels: equal labels add, × and ÷ combine or cancel them, "%" is a dimensionless label.
@Suite("Units")
struct UnitTests {
    static let schema = FormulaSchema([
        .init("V", .number(unit: "L")),
        .init("Vs", .number(unit: "L")),
        .init("t", .number(unit: "min")),
        .init("Q", .number(unit: "L/min")),
        .init("k", .number()),
        .init("E", .number(unit: "%")),
    ])
    static let inputs: [String: FormulaValue] = [
        "V": .decimal("20.05", unit: "L"), "Vs": .decimal("20.00", unit: "L"), "t": .decimal("0.5", unit: "min"),
        "Q": .decimal("40", unit: "L/min"), "k": .decimal("1.0002"), "E": .decimal("0.25", unit: "%"),
    ]

    func type(_ source: String) throws -> FormulaType {
        try Formula(source, schema: Self.schema).type
    }

    @Test func inferredUnits() throws {
        #expect(try type("V - Vs").unit == "L")
        #expect(try type("V + 0.5").unit == "L")  // a literal takes the other side's unit
        #expect(try type("Vs * k").unit == "L")
        #expect(try type("V / Vs").unit == nil)  // cancels
        #expect(try type("(V - Vs) / Vs * 100").unit == nil)
        #expect(try type("V / t").unit == "L/min")
        #expect(try type("Q * t").unit == "L/min·min")  // no algebra beyond identical labels, documented
        #expect(try type("1 / t").unit == "1/min")
        #expect(try type("V * V").unit == "L·L")
        #expect(try type("V ^ 2").unit == "L^2")
        #expect(try type("SQRT(V ^ 2)").unit == "L")
        #expect(try type("E * 2").unit == "%")
        #expect(try type("E + (V - Vs) / Vs * 100").unit == "%")  // "%" mixes with pure numbers
        #expect(try type("AVERAGE(V, Vs, 20)").unit == "L")
        #expect(try type("COUNT(V, Vs)").unit == nil)
        #expect(try type("ROUND(V, 0.01)").unit == "L")
        #expect(try type("ROUND(V, 0.01)").isRounded)
        #expect(try type("V > Vs").base == .boolean)
    }

    @Test func mismatches() {
        for source in ["V + Q", "V - t", "V > Q", "MAX(V, Q)", "IF(k > 1, V, Q)", "V + k", "ABSWITHIN(V, Q)", "SQRT(V)", "V ^ k"] {
            #expect(compileError(source, Self.schema)?.code == .unitMismatch, "\(source)")
        }
    }

    @Test func declaredUnitsOfComputedItems() throws {
        var schema = Self.schema
        schema.add("Erel", .computed(unit: "%"))
        schema.add("dV", .computed(unit: "L"))
        schema.add("bad", .computed(unit: "%"))
        let formulas = ["Erel": "(V - Vs) / Vs * 100", "dV": "V - Vs", "bad": "V - Vs"]
        let errors = FormulaSet.check(schema: schema, formulas: formulas)
        #expect(errors.count == 1)
        #expect(errors.first?.formula == "bad")
        #expect(errors.first?.code == .unitMismatch)
        #expect(errors.first?.message == "公式结果的单位为 L，与数据项声明的单位 % 不符")
        let set = try FormulaSet(schema: schema, formulas: ["Erel": "(V - Vs) / Vs * 100", "dV": "V - Vs", "bad": "E"])
        let values = try set.evaluate(inputs: Self.inputs)
        #expect(values["Erel"] == .number(d("0.2500"), unit: "%"))
        #expect(values["dV"] == .number(d("0.05"), unit: "L"))
        #expect(set.type(of: "Erel")?.unit == "%")
    }
}
