public import Logging
import Metrics
public import Prometheus
import Synchronization

/// Process-wide logging and metrics set-up; both systems may be bootstrapped only once per process.
public enum Observability {
    private static let bootstrapped = Mutex(false)
    /// The registry `/metrics` renders.
    public static let registry = PrometheusCollectorRegistry()

    public static func bootstrap(logLevel: Logger.Level) {
        let first = bootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
    }
}
