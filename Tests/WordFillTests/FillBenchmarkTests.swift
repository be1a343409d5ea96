import FillCore
import Foundation
import Testing
import WordFill

/// The Word side of Benchmarks/fill/run: fills the JJG certificate example N times (template bytes in, document
/// bytes out, as the certificates service calls it) and prints fills per second. Off unless METROLOGY_BENCH_FILL=1;
/// N from METROLOGY_BENCH_FILL_N (default 200). Run it from a release build (the script does).
@Suite struct FillBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test(
        "Word fills per second (benchmark)",
        .enabled(if: environment["METROLOGY_BENCH_FILL"] == "1", "benchmark: set METROLOGY_BENCH_FILL=1 (Benchmarks/fill/run)"))
    func wordFillsPerSecond() throws {
        let count = Int(Self.environment["METROLOGY_BENCH_FILL_N"] ?? "") ?? 200
        let template = try CertificateExample.template()
        let data = CertificateExample.data()
        let filler = WordFiller()
        _ = try filler.fill(template: template, data: data)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count { _ = try filler.fill(template: template, data: data) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "BENCH word fills=\(count) seconds=\(String(format: "%.3f", seconds)) fills_per_second=\(String(format: "%.1f", Double(count) / seconds))"
        )
    }
}
