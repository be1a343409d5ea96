import Metrics
import Synchronization

/// The server's metrics, with handles cached per method and code: resolving them through the metrics factory on
/// every call would take its lock and build label strings each time.
final class RPCServerMetrics: Sendable {
    private struct MethodMetrics {
        let duration: Timer
        var requests: [String: Counter] = [:]
    }

    private let service: String
    /// Keyed by method, then code: two lookups, no key string to build per call.
    private let cache = Mutex<[String: MethodMetrics]>([:])

    init(service: String) {
        self.service = service
    }

    func record(method: String, code: String, duration: Duration) {
        let service = self.service
        let (counter, timer) = cache.withLock { cache in
            if let metrics = cache[method], let counter = metrics.requests[code] { return (counter, metrics.duration) }
            var metrics =
                cache[method]
                ?? MethodMetrics(duration: Timer(label: "rpc_server_duration_seconds", dimensions: [("service", service), ("method", method)]))
            let counter = Counter(label: "rpc_server_requests_total", dimensions: [("service", service), ("method", method), ("code", code)])
            metrics.requests[code] = counter
            cache[method] = metrics
            return (counter, metrics.duration)
        }
        counter.increment()
        let (seconds, attoseconds) = duration.components
        timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
