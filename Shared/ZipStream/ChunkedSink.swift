/// Collects the archive into chunks of `chunkSize` bytes that the caller takes between writes and sends on (an RPC
/// stream's messages, an HTTP response body), so memory stays at about one chunk plus whatever one write added.
///
/// The writers are synchronous (zlib is); async consumers take the chunks after each write, see
/// `ZipStreamWriter.drainChunks(to:)`.
public struct ChunkedSink: ZipSink, Sendable {
    public let chunkSize: Int
    private var filling: [UInt8] = []
    private var ready: [[UInt8]] = []

    public init(chunkSize: Int = 64 * 1024) {
        self.chunkSize = max(1, chunkSize)
        filling.reserveCapacity(self.chunkSize)
    }

    /// Bytes collected and not yet taken.
    public var pendingByteCount: Int { ready.reduce(filling.count) { $0 + $1.count } }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var start = 0
        while start < bytes.count {
            let take = min(chunkSize - filling.count, bytes.count - start)
            filling.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<start + take]))
            start += take
            if filling.count == chunkSize {
                ready.append(filling)
                filling = []
                filling.reserveCapacity(chunkSize)
            }
        }
    }

    /// The full chunks collected so far, each exactly `chunkSize` bytes, oldest first.
    public mutating func takeFullChunks() -> [[UInt8]] {
        defer { ready = [] }
        return ready
    }

    /// Every byte not yet taken: the full chunks, then the last partial one (empty chunks are left out). For the end
    /// of the archive.
    public mutating func takeAll() -> [[UInt8]] {
        var chunks = takeFullChunks()
        if !filling.isEmpty { chunks.append(filling) }
        filling = []
        return chunks
    }
}
