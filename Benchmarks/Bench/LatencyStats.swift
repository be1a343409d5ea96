/// Throughput and latency percentiles of one run.
struct LatencyStats: Sendable {
    let calls: Int
    let seconds: Double
    let p50: Double
    let p99: Double

    /// - Parameter nanoseconds: one latency per call.
    init(nanoseconds: [Int64], seconds: Double) {
        let sorted = nanoseconds.sorted()
        calls = sorted.count
        self.seconds = seconds
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000_000
        }
        p50 = percentile(0.50)
        p99 = percentile(0.99)
    }

    var throughput: Double { Double(calls) / seconds }

    /// The median run by throughput, and the median p99, of repeated runs.
    static func median(_ runs: [LatencyStats]) -> (throughput: Double, p50: Double, p99: Double) {
        func mid(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return (mid(runs.map(\.throughput)), mid(runs.map(\.p50)), mid(runs.map(\.p99)))
    }
}
