public import ZipStream

extension XLSXStreamWriter where Sink == ChunkedSink {
    /// Sends the chunks completed so far to `consumer`, oldest first; call it every few rows (each chunk is
    /// `chunkSize` bytes of the finished file) to keep memory at about one chunk.
    public mutating func drainChunks(to consumer: ([UInt8]) async throws -> Void) async throws {
        for chunk in withSink({ $0.takeFullChunks() }) { try await consumer(chunk) }
    }

    /// Finishes the workbook and sends every remaining byte to `consumer`.
    public mutating func finish(drainingTo consumer: ([UInt8]) async throws -> Void) async throws {
        var sink = try finish()
        for chunk in sink.takeAll() { try await consumer(chunk) }
    }
}
