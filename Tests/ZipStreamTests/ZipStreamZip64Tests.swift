import Foundation
import SystemZlib
import Testing
import ZipStream

@Suite struct ZipStreamZip64Tests {
    static let now = Date(timeIntervalSince1970: 1_764_000_000)

    @Test("70 000 entries: the ZIP64 end records carry the count, and unzip and Python read them all")
    func manyEntries() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        for index in 0..<70_000 {
            try writer.addEntry(path: "f/\(index).txt", modified: Self.now, compression: .stored, contents: Array("\(index)".utf8))
        }
        let bytes = try writer.finish().bytes
        #expect(try ZipArchiveCheck.python(bytes) == 70_000)
        // The classic end record saturates its counts at 0xFFFF; the ZIP64 locator sits just before it.
        let end = bytes.count - 22
        #expect(Array(bytes[end..<end + 4]) == [0x50, 0x4B, 0x05, 0x06])
        #expect(Array(bytes[end + 8..<end + 10]) == [0xFF, 0xFF])
        #expect(Array(bytes[end - 20..<end - 16]) == [0x50, 0x4B, 0x06, 0x07])
        let file = ExternalTool.temporaryFile("many.zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        let test = try ExternalTool.run("/usr/bin/unzip", ["-tq", file.path])
        #expect(test.status == 0, "\(test.output)")
    }

    /// 4 GiB + 1 MiB of a repeated block, stored, then a small entry past the 4 GiB offset: the bytes are counted, not
    /// kept; only the archive's tail (descriptor, central directory, end records) is, and it is parsed here.
    @Test("an entry past 4 GiB: 8-byte sizes in its descriptor, ZIP64 extra fields for its sizes and the next one's offset")
    func largeEntry() throws {
        let block = [UInt8](repeating: 0x5A, count: 1 << 20)
        let blocks = 4097
        var writer = ZipStreamWriter(sink: TailSink(keep: 4096))
        try writer.beginEntry(path: "big.bin", modified: Self.now, compression: .stored)
        var crc: uLong = 0
        for _ in 0..<blocks {
            try writer.write(block)
            crc = block.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        try writer.addEntry(path: "small.txt", modified: Self.now, compression: .deflate, contents: Array("末尾".utf8))
        let sink = try writer.finish()
        let size = UInt64(blocks) << 20
        let tail = sink.tail
        let total = sink.count
        func u16(_ at: Int) -> UInt64 { UInt64(tail[at]) | UInt64(tail[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt64 { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) -> UInt64 { u32(at) | u32(at + 4) << 32 }
        func find(_ signature: [UInt8], from: Int = 0) -> Int? {
            (from..<tail.count - 3).first { Array(tail[$0..<$0 + 4]) == signature }
        }
        // The big entry's data descriptor: signature, CRC, then 8-byte compressed and uncompressed sizes.
        let descriptor = try #require(find([0x50, 0x4B, 0x07, 0x08]))
        #expect(u32(descriptor + 4) == UInt64(crc))
        #expect(u64(descriptor + 8) == size)
        #expect(u64(descriptor + 16) == size)
        // First central header: saturated sizes, ZIP64 extra with both sizes.
        let first = try #require(find([0x50, 0x4B, 0x01, 0x02]))
        #expect(u32(first + 20) == 0xFFFF_FFFF && u32(first + 24) == 0xFFFF_FFFF)
        #expect(u16(first + 6) == 45)
        let firstExtra = first + 46 + Int(u16(first + 28))
        let zip64 = firstExtra + 9  // after the 9-byte extended timestamp
        #expect(u16(zip64) == 1 && u16(zip64 + 2) == 16)
        #expect(u64(zip64 + 4) == size && u64(zip64 + 12) == size)
        // Second central header: small sizes, but its local header lies past 4 GiB.
        let second = try #require(find([0x50, 0x4B, 0x01, 0x02], from: first + 4))
        #expect(u32(second + 42) == 0xFFFF_FFFF)
        let secondZip64 = second + 46 + Int(u16(second + 28)) + 9
        #expect(u16(secondZip64) == 1 && u16(secondZip64 + 2) == 8)
        #expect(u64(secondZip64 + 4) > size)
        // ZIP64 end record: two entries, and the directory's offset beyond 4 GiB.
        let end64 = try #require(find([0x50, 0x4B, 0x06, 0x06]))
        #expect(u64(end64 + 32) == 2)
        #expect(u64(end64 + 48) == total - UInt64(tail.count) + UInt64(first))
        #expect(u64(end64 + 48) > size)
    }
}

/// Counts every byte and keeps only the last `keep`.
struct TailSink: ZipSink {
    let keep: Int
    var tail: [UInt8] = []
    var count: UInt64 = 0

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += UInt64(bytes.count)
        tail.append(contentsOf: bytes.suffix(keep))
        if tail.count > keep { tail.removeFirst(tail.count - keep) }
    }
}
