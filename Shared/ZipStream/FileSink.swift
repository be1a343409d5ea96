public import Foundation

/// Writes to a file through `FileHandle`, 256 KiB at a time (a `write(2)` per header or descriptor would cost more
/// than the headers). `close()` writes what is left; the writers' `finish()` returns the sink for that.
public struct FileSink: ZipSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// Creates (or truncates) the file at `url`.
    public init(url: URL, bufferSize: Int = 256 * 1024) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteNoPermission) }
        handle = try FileHandle(forWritingTo: url)
        capacity = max(1, bufferSize)
        buffer.reserveCapacity(capacity)
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try handle.write(contentsOf: Data(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes the buffered bytes and closes the file.
    public mutating func close() throws {
        try flush()
        try handle.close()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
