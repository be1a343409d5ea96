import Logging

/// A service's log handler, for one request or event: the request's own fields (trace id, method, message id, …) are
/// added to a line only when the line is logged.
///
/// Why not `logger[metadataKey:] = …`: swift-log's `StreamLogHandler` re-renders all its metadata into a string on
/// every change, and most requests log nothing. Setting three keys per request was a tenth of the RPC server's CPU
/// per call (see BENCHMARKS.md).
struct RequestLogHandler: LogHandler {
    private var inner: any LogHandler
    private let fields: KeyValuePairs<String, String>

    init(wrapping inner: any LogHandler, fields: KeyValuePairs<String, String>) {
        // Wrapping a wrapper would keep both field lists alive; the inner one is what logs.
        self.inner = inner
        self.fields = fields
    }

    func log(event: LogEvent) {
        var event = event
        var metadata = event.metadata ?? [:]
        for (key, value) in fields where metadata[key] == nil { metadata[key] = .string(value) }
        event.metadata = metadata
        inner.log(event: event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] ?? fields.first { $0.key == key }.map { .string($0.value) } }
        set { inner[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get {
            var metadata = inner.metadata
            for (key, value) in fields where metadata[key] == nil { metadata[key] = .string(value) }
            return metadata
        }
        set { inner.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }
}

extension Logger {
    /// This logger with `fields` added to every line it logs, rendered only when a line is logged.
    func withRequestFields(_ fields: KeyValuePairs<String, String>) -> Logger {
        var copy = self
        copy.handler = RequestLogHandler(wrapping: handler, fields: fields)
        return copy
    }
}
