import Metrics

/// What the pool reports: conversions done and failed, how long they took and how long callers queued.
struct ConversionMetrics: Sendable {
    func converted(from source: DocumentFormat, to output: OutputFormat, duration: Duration) {
        let dimensions = [("from", source.rawValue), ("to", output.kind.rawValue)]
        Counter(label: "conversions_total", dimensions: dimensions).increment()
        Timer(label: "conversion_duration_seconds", dimensions: dimensions).recordNanoseconds(duration.nanoseconds)
    }

    func failed(from source: DocumentFormat, code: String) {
        Counter(label: "conversions_failed_total", dimensions: [("from", source.rawValue), ("code", code)]).increment()
    }

    func retried(code: String) {
        Counter(label: "conversion_retries_total", dimensions: [("code", code)]).increment()
    }

    func queued(_ wait: Duration) {
        Timer(label: "conversion_queue_wait_seconds").recordNanoseconds(wait.nanoseconds)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
