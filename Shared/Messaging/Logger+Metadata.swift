import Logging

extension Logger {
    /// This logger with `metadata` added in one step. swift-log's `StreamLogHandler` re-renders all its metadata on
    /// every change, so three `logger[metadataKey:] = …` per request cost three renderings (measured on the RPC path).
    func adding(_ metadata: Logger.Metadata) -> Logger {
        var copy = self
        copy.handler.metadata.merge(metadata) { _, new in new }
        return copy
    }
}
