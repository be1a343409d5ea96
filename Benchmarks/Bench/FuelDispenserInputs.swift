import FormulaEngine

/// The inputs of `bench formulas`: N fuel dispenser records from a 64-bit LCG, generated identically by
/// `Benchmarks/python/fuel_dispenser.py` (same seed, same draws, same decimal text), so both sides compute the
/// same records.
enum FuelDispenserInputs {
    /// Hundredths of a litre per flow point.
    static let nominal = [2000, 2000, 1000]

    static func generate(_ count: Int) -> [[String: FormulaValue]] {
        var state: UInt64 = 20_261_123
        func draw() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func litres(_ hundredths: Int) -> ExactDecimal { ExactDecimal(uncheckedText: "\(hundredths / 100).\(pad(hundredths % 100, 2))") }
        func factor(_ tenThousandths: Int) -> ExactDecimal {
            ExactDecimal(uncheckedText: "\(tenThousandths / 10000).\(pad(tenThousandths % 10000, 4))")
        }
        var records: [[String: FormulaValue]] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            var vd: [ExactDecimal?] = [], vs: [ExactDecimal?] = [], k: [ExactDecimal?] = []
            for p in 0..<3 {
                // A dispenser's error is mostly systematic per flow point, plus a little noise per run.
                let bias = p < 2 ? draw() % 9 - 4 : draw() % 5 - 2
                for _ in 0..<3 {
                    let u1 = draw(), u2 = draw(), u3 = draw()
                    let standard = nominal[p] + u1 % 21 - 10
                    vs.append(litres(standard))
                    vd.append(litres(standard + bias + u2 % 3 - 1))
                    k.append(factor(10000 + u3 % 11 - 5))
                }
            }
            records.append([
                "Vd": .table(FormulaTable(points: 3, runs: 3, cells: vd)),
                "Vs": .table(FormulaTable(points: 3, runs: 3, cells: vs)),
                "K": .table(FormulaTable(points: 3, runs: 3, cells: k)),
            ])
        }
        return records
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension ExactDecimal {
    /// Text this file produced itself.
    init(uncheckedText text: String) {
        self = ExactDecimal(text)!
    }
}
