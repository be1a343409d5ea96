public import Foundation
import SystemZlib

/// Writes a zip archive front to back into a `ZipSink`, one entry after another, without knowing any size up front:
/// each entry's local header is followed by its data and a data descriptor with the CRC-32 and sizes (APPNOTE 4.3.9),
/// and `finish()` writes the central directory. Entries or archives past 4 GiB or 65 535 entries get ZIP64 fields.
///
/// Memory: one deflate state (~256 KiB, zlib's window and hash tables) plus 64 KiB of output, and ~60 bytes of
/// central directory per entry, whatever the entries' sizes. Names are UTF-8 (flag bit 11); times are DOS times in
/// `timeZone` plus the UTC extended timestamp (0x5455) that unzip and most readers prefer.
///
/// A value type around a sink; copying a writer mid-archive shares its deflate state, so don't. After any thrown
/// error (the sink's or zlib's) the archive is incomplete: stop and discard it.
public struct ZipStreamWriter<Sink: ZipSink> {
    private var sink: Sink
    private let timeZone: TimeZone
    private var offset: UInt64 = 0
    private var centralDirectory: [UInt8] = []
    private var entryCount: UInt64 = 0
    private var names: Set<[UInt8]> = []
    private var current: ZipEntryRecord?
    private var currentLevel: Int?
    private var deflater: Deflater?
    private var finished = false

    public init(sink: Sink) {
        self.init(sink: sink, timeZone: .current)
    }

    /// `timeZone`: the zone of the DOS timestamps (readers show them as local times; the platform's users are in
    /// China, its servers may run in UTC).
    public init(sink: Sink, timeZone: TimeZone) {
        self.sink = sink
        self.timeZone = timeZone
    }

    /// Bytes handed to the sink so far.
    public var bytesWritten: UInt64 { offset }

    /// Entries begun so far.
    public var entriesWritten: UInt64 { entryCount }

    /// Lets the caller work on the sink between writes, e.g. take the chunks a `ChunkedSink` has completed.
    public mutating func withSink<Result>(_ body: (inout Sink) throws -> Result) rethrows -> Result {
        try body(&sink)
    }

    /// Ends the entry being written, if any, and starts a new one named `path` (relative, `/`-separated; a trailing
    /// `/` makes a directory entry, which takes no data).
    public mutating func beginEntry(path: String, modified: Date, compression: ZipCompression) throws {
        guard !finished else { throw ZipStreamError.alreadyFinished }
        try endEntry()
        let name = Array(path.utf8)
        guard Self.isValid(path: path, byteCount: name.count) else { throw ZipStreamError.pathInvalid(path) }
        guard names.insert(name).inserted else { throw ZipStreamError.duplicate(path) }
        let seconds = modified.timeIntervalSince1970
        // The extended timestamp is a signed 32-bit count of seconds: clamp to 1970…2038.
        let unixTime = seconds.isFinite ? UInt32(max(0, min(seconds, Double(Int32.max)))) : 0
        let record = ZipEntryRecord(
            name: name, method: compression.method, dosTime: DOSDateTime(modified, in: timeZone), unixTime: unixTime, localHeaderOffset: offset)
        try emit(record.localHeader)
        current = record
        entryCount += 1
        if case .deflate(let level) = compression {
            let deflater = self.deflater ?? Deflater()
            self.deflater = deflater
            try deflater.reset(level: level)
            currentLevel = level
        } else {
            currentLevel = nil
        }
    }

    /// Appends bytes to the current entry.
    public mutating func write(_ bytes: some Collection<UInt8>) throws {
        let handled: Void? = try bytes.withContiguousStorageIfAvailable { buffer in
            try write(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            let copy = Array(bytes)
            try copy.withUnsafeBytes { try write($0) }
        }
    }

    /// Appends bytes to the current entry (the buffer is read during the call only).
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw ZipStreamError.alreadyFinished }
        guard var record = current else { throw ZipStreamError.noOpenEntry }
        guard record.name.last != UInt8(ascii: "/") || bytes.isEmpty else { throw ZipStreamError.noOpenEntry }
        // zlib counts in 32 bits: feed it at most 1 GiB at a time.
        var start = 0
        while start < bytes.count {
            let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + 1 << 30)])
            record.crc = UInt32(crc32(uLong(record.crc), piece.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(piece.count)))
            record.uncompressedSize += UInt64(piece.count)
            if currentLevel != nil, let deflater {
                let before = offset
                try deflater.deflate(piece, finish: false) { try emit($0) }
                record.compressedSize += offset - before
            } else {
                try emit(piece)
                record.compressedSize += UInt64(piece.count)
            }
            start += piece.count
        }
        current = record
    }

    /// Ends the current entry (flushes its deflate stream and writes its data descriptor). `beginEntry` and `finish`
    /// call it; calling it with no entry open does nothing.
    public mutating func endEntry() throws {
        guard var record = current else { return }
        if currentLevel != nil, let deflater {
            let before = offset
            try deflater.deflate(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { try emit($0) }
            record.compressedSize += offset - before
        }
        current = nil
        currentLevel = nil
        try emit(record.dataDescriptor)
        centralDirectory += record.centralHeader
    }

    /// Ends the last entry, writes the central directory (with the ZIP64 end records when the entry count, the
    /// directory's size or its offset do not fit the classic end record) and returns the sink.
    public mutating func finish() throws -> Sink {
        guard !finished else { throw ZipStreamError.alreadyFinished }
        try endEntry()
        finished = true
        let directoryOffset = offset
        let directorySize = UInt64(centralDirectory.count)
        try emit(centralDirectory)
        centralDirectory = []
        let ffff = ZipEntryRecord.ffff
        var end: [UInt8] = []
        if entryCount >= 0xFFFF || directorySize >= ffff || directoryOffset >= ffff {
            let zip64EndOffset = offset
            // ZIP64 end of central directory record (APPNOTE 4.3.14) and its locator (4.3.15).
            end.appendLE(UInt32(0x0606_4B50))
            end.appendLE(UInt64(44))
            end.appendLE(UInt16(3 << 8 | 45))
            end.appendLE(UInt16(45))
            end.appendLE(UInt32(0))
            end.appendLE(UInt32(0))
            end.appendLE(entryCount)
            end.appendLE(entryCount)
            end.appendLE(directorySize)
            end.appendLE(directoryOffset)
            end.appendLE(UInt32(0x0706_4B50))
            end.appendLE(UInt32(0))
            end.appendLE(zip64EndOffset)
            end.appendLE(UInt32(1))
        }
        // End of central directory record (APPNOTE 4.3.16); saturated fields point readers at the ZIP64 record.
        end.appendLE(UInt32(0x0605_4B50))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(min(entryCount, 0xFFFF)))
        end.appendLE(UInt16(min(entryCount, 0xFFFF)))
        end.appendLE(UInt32(min(directorySize, ffff)))
        end.appendLE(UInt32(min(directoryOffset, ffff)))
        end.appendLE(UInt16(0))
        try emit(end)
        deflater = nil
        return sink
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try sink.write(bytes)
        offset += UInt64(bytes.count)
    }

    /// Relative, `/`-separated, no `..` segment (readers would write outside their target), no backslash (Windows
    /// readers take it for a separator) or control character, and short enough for the header's 16-bit length.
    static func isValid(path: String, byteCount: Int) -> Bool {
        guard byteCount > 0, byteCount <= 0xFFFF, !path.hasPrefix("/") else { return false }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).dropLast(path.hasSuffix("/") ? 1 : 0)
            .contains { $0.isEmpty || $0 == ".." || $0 == "." }
    }
}
