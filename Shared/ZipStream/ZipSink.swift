/// Where a `ZipStreamWriter` puts its bytes, in order, each byte once. The writer never seeks back (sizes and CRCs
/// follow each entry in a data descriptor), so a sink can be a socket, a pipe or a chunked RPC stream.
///
/// The buffer is only valid during the call: a sink that keeps bytes copies them.
public protocol ZipSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Keeps every byte in memory: for tests and small archives.
public struct ByteArraySink: ZipSink, Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Counts the bytes and forgets them: for sizing an archive and for tests of archives too large to keep.
public struct CountingSink: ZipSink, Sendable {
    public private(set) var count: UInt64 = 0

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += UInt64(bytes.count)
    }
}
