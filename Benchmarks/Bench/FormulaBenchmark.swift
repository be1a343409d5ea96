import FormulaEngine
import Foundation

/// `bench formulas`: the fuel dispenser record (`FormulaExamples.fuelDispenser`, 43 formulas) evaluated through
/// `FormulaSet.evaluate(inputs:)` for N generated records, next to the same computation hand-written with Python's
/// `decimal` module (`Benchmarks/python/fuel_dispenser.py`) on the same records; alternating runs, median of each.
/// Before timing anything it checks that both sides produce the same values for a sample of records.
struct FormulaBenchmark {
    var records = 20_000
    var repeats = 3
    var sample = 500
    var python = "python3"
    var script = "Benchmarks/python/fuel_dispenser.py"

    func run() throws {
        let example = FormulaExamples.fuelDispenser
        let set = try FormulaSet(schema: example.schema, formulas: example.formulas)
        let inputs = FuelDispenserInputs.generate(records)

        // Same results first: a fast wrong engine is worth nothing.
        let reference = try runPython(sample: sample)
        try compare(set, inputs, reference.sample)
        let conclusions = try inputs.prefix(sample).map { try set.evaluate(inputs: $0)["conclusion"]?.text ?? "?" }
        let passed = conclusions.filter { $0 == "合格" }.count

        for record in inputs.prefix(2_000) { _ = try set.evaluate(inputs: record) }  // warm-up
        var swiftRates: [Double] = []
        var pythonRates: [Double] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            var checksum = 0
            for record in inputs {
                checksum &+= try set.evaluate(inputs: record).count
            }
            let elapsed = ContinuousClock.now - start
            precondition(checksum == records * set.order.count)
            swiftRates.append(Double(records) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            pythonRates.append(try runPython(sample: 0).recordsPerSecond)
        }
        let swiftRate = median(swiftRates)
        let pythonRate = median(pythonRates)
        let ratio = swiftRate / pythonRate
        print(
            String(
                format:
                    "formulas: fuel dispenser record (3×3, %d formulas), %d records, median of %d alternating runs: FormulaEngine %.0f records/s, Python decimal %.0f records/s, ratio %.2f (goal ≥ 2.00) %@; first %d records identical (%d 合格)",
                set.order.count, records, repeats, swiftRate, pythonRate, ratio, ratio >= 2 ? "met" : "NOT MET", sample, passed))
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    struct PythonResult {
        let recordsPerSecond: Double
        let sample: [[String: Any]]
    }

    private func runPython(sample: Int) throws -> PythonResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, String(records), "--sample", String(sample)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rate = json["records_per_second"] as? Double
        else {
            throw BenchError(
                "\(python) \(script) failed (status \(process.terminationStatus)); run bench from the repository root or pass --python-script")
        }
        return PythonResult(recordsPerSecond: rate, sample: json["sample"] as? [[String: Any]] ?? [])
    }

    /// Every computed item of every sampled record: numbers equal by value, and rounded ones with the same scale
    /// (0.10 is not 0.1 on a certificate); booleans and texts equal.
    private func compare(_ set: FormulaSet, _ inputs: [[String: FormulaValue]], _ reference: [[String: Any]]) throws {
        guard reference.count == min(sample, inputs.count) else { throw BenchError("Python returned \(reference.count) sample records") }
        for (index, expected) in reference.enumerated() {
            let values = try set.evaluate(inputs: inputs[index])
            guard values.count == expected.count else { throw BenchError("record \(index): \(values.count) values vs Python's \(expected.count)") }
            for (code, value) in values {
                let same: Bool
                switch value {
                case .number(let number, _):
                    guard let text = expected[code] as? String, let other = ExactDecimal(text) else {
                        throw BenchError("record \(index): \(code) missing in Python's output")
                    }
                    let rounded = set.type(of: code)?.isRounded == true
                    same = number == other && (!rounded || number.exponent == other.exponent)
                case .boolean(let flag): same = (expected[code] as? Bool) == flag
                case .text(let text): same = (expected[code] as? String) == text
                default: same = false
                }
                guard same else { throw BenchError("record \(index): \(code) = \(value) but Python gives \(expected[code] ?? "nothing")") }
            }
        }
    }
}
