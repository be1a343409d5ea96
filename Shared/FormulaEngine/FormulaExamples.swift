/// Example record layouts written in the formula language. The benchmark, the tests and the documentation use the
/// same text, so what is measured is what is verified.
public enum FormulaExamples {
    /// A fuel dispenser verification record in the style of JJG 443 (燃油加油机): 3 flow points × 3 runs.
    ///
    /// Inputs (tables, point p = 1…3, run r = 1…3):
    /// - `Vd`  加油机示值, L
    /// - `Vs`  标准金属量器示值, L
    /// - `K`   标准器体积修正系数 (temperature/expansion correction, dimensionless)
    ///
    /// Computed, for every point p and run r:
    /// - `Vb_p_r = Vs[p,r] * K[p,r]`                      standard volume, L
    /// - `E_p_r  = (Vd[p,r] - Vb_p_r) / Vb_p_r * 100`     relative error, %
    /// - `Ed_p_r = ROUND(E_p_r, 0.01)`                    relative error as reported (GB/T 8170, 0.01 %)
    /// and for every point p:
    /// - `Ebar_p = AVERAGE(E_p_1, E_p_2, E_p_3)`, `Ebard_p = ROUND(Ebar_p, 0.01)`   mean error
    /// - `Er_p = MAX(…) - MIN(…)`, `Erd_p = ROUND(Er_p, 0.01)`   repeatability: the range of the runs' relative
    ///   errors (JJG 443 takes the difference of the largest and smallest error at a flow point)
    /// - `ok_p` = every run's |E| ≤ 0.30 % and Er ≤ 0.10 %, both by GB/T 8170's rounded-value method at 0.01 %
    /// - `conclusion = IF(ALL(ok_1, ok_2, ok_3), "合格", "不合格")`
    public static var fuelDispenser: (schema: FormulaSchema, formulas: [String: String]) {
        var schema = FormulaSchema([
            .init("Vd", .table(points: 3, runs: 3, unit: "L"), name: "加油机示值"),
            .init("Vs", .table(points: 3, runs: 3, unit: "L"), name: "标准器示值"),
            .init("K", .table(points: 3, runs: 3), name: "体积修正系数"),
        ])
        var formulas: [String: String] = [:]
        for p in 1...3 {
            for r in 1...3 {
                schema.add("Vb_\(p)_\(r)", .computed(unit: "L"))
                formulas["Vb_\(p)_\(r)"] = "Vs[\(p),\(r)] * K[\(p),\(r)]"
                schema.add("E_\(p)_\(r)", .computed(unit: "%"))
                formulas["E_\(p)_\(r)"] = "(Vd[\(p),\(r)] - Vb_\(p)_\(r)) / Vb_\(p)_\(r) * 100"
                schema.add("Ed_\(p)_\(r)", .computed(unit: "%"))
                formulas["Ed_\(p)_\(r)"] = "ROUND(E_\(p)_\(r), 0.01)"
            }
            let runs = "E_\(p)_1, E_\(p)_2, E_\(p)_3"
            schema.add("Ebar_\(p)", .computed(unit: "%"))
            formulas["Ebar_\(p)"] = "AVERAGE(\(runs))"
            schema.add("Ebard_\(p)", .computed(unit: "%"))
            formulas["Ebard_\(p)"] = "ROUND(Ebar_\(p), 0.01)"
            schema.add("Er_\(p)", .computed(unit: "%"))
            formulas["Er_\(p)"] = "MAX(\(runs)) - MIN(\(runs))"
            schema.add("Erd_\(p)", .computed(unit: "%"))
            formulas["Erd_\(p)"] = "ROUND(Er_\(p), 0.01)"
            schema.add("ok_\(p)", .computed())
            formulas["ok_\(p)"] =
                "ALL(" + (1...3).map { "ABSWITHIN(E_\(p)_\($0), 0.30, \"rounded\", 0.01)" }.joined(separator: ", ")
                + ", ATMOST(Er_\(p), 0.10, \"rounded\", 0.01))"
        }
        schema.add("conclusion", .computed(), name: "检定结论")
        formulas["conclusion"] = "IF(ALL(ok_1, ok_2, ok_3), \"合格\", \"不合格\")"
        return (schema, formulas)
    }
}
