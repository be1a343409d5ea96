import Testing

@testable import FormulaEngine

/// The JJG 443-style fuel dispenser record (`FormulaExamples.fuelDispenser`) end to end, against values computed by
/// hand (and cross-checked with Python's decimal at 34 digits):
///
///     Vb_1_1 = 20.00 × 1.0002 = 20.004000 L
///     E_1_1  = (20.05 − 20.004000) / 20.004000 × 100 = 0.2299540091981603679264147170565887 % → 0.23
struct FuelDispenserTests {
    static let vd = [["20.05", "20.03", "20.04"], ["20.01", "19.98", "20.00"], ["10.02", "10.05", "10.01"]]
    static let vs = [["20.00", "20.00", "20.01"], ["20.00", "19.99", "20.00"], ["10.00", "10.00", "10.00"]]
    static let k = [["1.0002", "1.0001", "1.0000"], ["1.0000", "0.9998", "1.0001"], ["1.0003", "1.0000", "0.9999"]]

    static func table(_ rows: [[String]]) -> FormulaValue {
        .table(FormulaTable(rows.map { $0.map { Optional(d($0)) } }))
    }

    static func inputs(vd: [[String]] = vd) -> [String: FormulaValue] {
        ["Vd": table(vd), "Vs": table(vs), "K": table(k)]
    }

    @Test func recordCompilesWithDeclaredUnits() throws {
        let example = FormulaExamples.fuelDispenser
        let set = try FormulaSet(schema: example.schema, formulas: example.formulas)
        #expect(set.order.count == 43)
        #expect(set.type(of: "E_1_1")?.unit == "%")
        #expect(set.type(of: "Vb_2_2")?.unit == "L")
        #expect(set.type(of: "Ed_1_1")?.isRounded == true)
        #expect(set.type(of: "conclusion")?.base == .text)
    }

    @Test func recordEvaluatesToHandComputedValues() throws {
        let example = FormulaExamples.fuelDispenser
        let set = try FormulaSet(schema: example.schema, formulas: example.formulas)
        let values = try set.evaluate(inputs: Self.inputs())
        func number(_ code: String) -> String? { values[code]?.number?.description }

        #expect(number("Vb_1_1") == "20.004000")
        #expect(number("Vb_2_2") == "19.986002")
        #expect(number("E_1_1") == "0.2299540091981603679264147170565887")
        #expect(number("E_2_1") == "0.0500")  // exact: 0.01 / 20 × 100
        #expect(number("E_2_2") == "-0.03003101870999512558839932068454711")
        #expect(number("E_3_2") == "0.500")

        let rounded = [
            "Ed_1_1": "0.23", "Ed_1_2": "0.14", "Ed_1_3": "0.15", "Ed_2_1": "0.05", "Ed_2_2": "-0.03",
            "Ed_2_3": "-0.01", "Ed_3_1": "0.17", "Ed_3_2": "0.50", "Ed_3_3": "0.11",
            "Ebard_1": "0.17", "Ebard_2": "0.00", "Ebard_3": "0.26", "Erd_1": "0.09", "Erd_2": "0.08", "Erd_3": "0.39",
        ]
        for (code, expected) in rounded { #expect(number(code) == expected, "\(code)") }
        #expect(number("Ebar_1") == "0.1732883493597599174132858119177449")
        #expect(number("Er_3") == "0.3899889988998899889988998899889989")
        #expect(values["E_1_1"]?.unit == "%")

        #expect(values["ok_1"] == .boolean(true))
        #expect(values["ok_2"] == .boolean(true))
        #expect(values["ok_3"] == .boolean(false))  // run 2 at 0.50 % exceeds ±0.30 %
        #expect(values["conclusion"] == .text("不合格"))
    }

    @Test func passingRecord() throws {
        var vd = Self.vd
        vd[2][1] = "10.02"  // E_3_2 = 0.200 %, repeatability 0.1699… − 0.1100… = 0.06 %
        let example = FormulaExamples.fuelDispenser
        let set = try FormulaSet(schema: example.schema, formulas: example.formulas)
        let values = try set.evaluate(inputs: Self.inputs(vd: vd))
        #expect(values["Ed_3_2"]?.number?.description == "0.20")
        #expect(values["Erd_3"]?.number?.description == "0.09")
        #expect(values["ok_3"] == .boolean(true))
        #expect(values["conclusion"] == .text("合格"))
    }

    /// The rounded-value method at the edge: E = 0.304 % rounds to 0.30 % and passes; the full method would fail it.
    @Test func judgementAtTheLimitUsesTheRoundedValue() throws {
        var vd = Self.vd
        vd[0][0] = "20.0648"  // Vb 20.004 → E = 0.0608 / 20.004 × 100 = 0.30394 %
        let example = FormulaExamples.fuelDispenser
        let set = try FormulaSet(schema: example.schema, formulas: example.formulas)
        let values = try set.evaluate(inputs: Self.inputs(vd: vd))
        #expect(values["Ed_1_1"]?.number?.description == "0.30")
        #expect(values["ok_1"] == .boolean(false))  // repeatability 0.30394 − 0.13999 = 0.16 % > 0.10 %
        var formulas = example.formulas
        formulas["ok_1"] = "ABSWITHIN(E_1_1, 0.30, \"rounded\", 0.01)"
        let judged = try FormulaSet(schema: example.schema, formulas: formulas).evaluate(inputs: Self.inputs(vd: vd))
        #expect(judged["ok_1"] == .boolean(true))
        formulas["ok_1"] = "ABSWITHIN(E_1_1, 0.30, \"full\")"
        let full = try FormulaSet(schema: example.schema, formulas: formulas).evaluate(inputs: Self.inputs(vd: vd))
        #expect(full["ok_1"] == .boolean(false))
    }
}
