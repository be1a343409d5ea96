import Logging
import RPCCore

/// A service's log handler, for one request or event: the request's own fields (trace id, method, message id, …) are
/// added to a line only when the line is logged.
///
/// Why not `logger[metadataKey:] = …`: swift-log's `StreamLogHandler` re-renders all its metadata into a string on
/// every change, and most requests log nothing. Setting three keys per request was a tenth of the RPC server's CPU
/// per call (see BENCHMARKS.md). The fields sit in one shared box, so the handler fits in a `Logger` without a
/// second allocation, and the trace id is written out as hex only for a line that is logged.
struct RequestLogHandler: LogHandler {
    private final class Fields: Sendable {
        let inner: any LogHandler
        let trace: TraceContext?
        let first: (key: String, value: String)
        let second: (key: String, value: String)

        init(inner: any LogHandler, trace: TraceContext?, first: (key: String, value: String), second: (key: String, value: String)) {
            self.inner = inner
            self.trace = trace
            self.first = first
            self.second = second
        }

        /// Each field `metadata` lacks, as `Logger` metadata.
        func add(to metadata: inout Logger.Metadata) {
            if metadata[first.key] == nil { metadata[first.key] = .string(first.value) }
            if metadata[second.key] == nil { metadata[second.key] = .string(second.value) }
            if let trace, metadata["trace_id"] == nil { metadata["trace_id"] = .string(trace.traceID) }
        }

        func value(_ key: String) -> Logger.Metadata.Value? {
            switch key {
            case first.key: .string(first.value)
            case second.key: .string(second.value)
            case "trace_id": trace.map { .string($0.traceID) }
            default: nil
            }
        }

        /// The same fields around another inner handler: a handler is a value, so a change makes a new box.
        func replacingInner(_ change: (inout any LogHandler) -> Void) -> Fields {
            var inner = inner
            change(&inner)
            return Fields(inner: inner, trace: trace, first: first, second: second)
        }
    }

    private var fields: Fields

    init(wrapping inner: any LogHandler, trace: TraceContext?, _ first: (key: String, value: String), _ second: (key: String, value: String)) {
        fields = Fields(inner: inner, trace: trace, first: first, second: second)
    }

    func log(event: LogEvent) {
        var event = event
        var metadata = event.metadata ?? [:]
        fields.add(to: &metadata)
        event.metadata = metadata
        fields.inner.log(event: event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { fields.inner[metadataKey: key] ?? fields.value(key) }
        set { fields = fields.replacingInner { $0[metadataKey: key] = newValue } }
    }

    var metadata: Logger.Metadata {
        get {
            var metadata = fields.inner.metadata
            fields.add(to: &metadata)
            return metadata
        }
        set { fields = fields.replacingInner { $0.metadata = newValue } }
    }

    var logLevel: Logger.Level {
        get { fields.inner.logLevel }
        set { fields = fields.replacingInner { $0.logLevel = newValue } }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { fields.inner.metadataProvider }
        set { fields = fields.replacingInner { $0.metadataProvider = newValue } }
    }
}

extension Logger {
    /// This logger with the trace id and two more fields added to every line it logs, rendered only when a line is
    /// logged.
    func withRequestFields(trace: TraceContext?, _ first: (key: String, value: String), _ second: (key: String, value: String)) -> Logger {
        var copy = self
        copy.handler = RequestLogHandler(wrapping: handler, trace: trace, first, second)
        return copy
    }
}
