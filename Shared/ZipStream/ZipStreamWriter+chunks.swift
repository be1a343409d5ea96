extension ZipStreamWriter where Sink == ChunkedSink {
    /// Sends the chunks completed so far to `consumer`, oldest first. Call it after each `write` to keep memory at
    /// about one chunk.
    public mutating func drainChunks(to consumer: ([UInt8]) async throws -> Void) async throws {
        for chunk in withSink({ $0.takeFullChunks() }) { try await consumer(chunk) }
    }

    /// Finishes the archive and sends every remaining byte to `consumer`.
    public mutating func finish(drainingTo consumer: ([UInt8]) async throws -> Void) async throws {
        var sink = try finish()
        for chunk in sink.takeAll() { try await consumer(chunk) }
    }
}
