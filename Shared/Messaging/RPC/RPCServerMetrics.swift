import Metrics
import Synchronization

/// The server's metrics, with handles cached per method and code: resolving them through the metrics factory on
/// every call would take its lock and build label strings each time.
final class RPCServerMetrics: Sendable {
    private let service: String
    private let counters = Mutex<[String: Counter]>([:])
    private let timers = Mutex<[String: Timer]>([:])

    init(service: String) {
        self.service = service
    }

    func record(method: String, code: String, duration: Duration) {
        let service = self.service
        let counter = counters.withLock { cache in
            let key = method + " " + code
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "rpc_server_requests_total", dimensions: [("service", service), ("method", method), ("code", code)])
            cache[key] = counter
            return counter
        }
        counter.increment()
        let timer = timers.withLock { cache in
            if let timer = cache[method] { return timer }
            let timer = Timer(label: "rpc_server_duration_seconds", dimensions: [("service", service), ("method", method)])
            cache[method] = timer
            return timer
        }
        let (seconds, attoseconds) = duration.components
        timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
