import Foundation
import SystemZlib

/// Writes the filled package as a zip: unchanged entries copied compressed as they came, new and edited ones
/// deflated with zlib (PNG/JPEG stored: already compressed). Every entry carries the same fixed timestamp
/// (1980-01-01), so the same template and data always give the same bytes.
///
/// Why not ZIPFoundation's writer: it computes CRC-32 in Swift a byte at a time and re-deflates every part,
/// including pictures; that was two thirds of a fill's time in the benchmark (Benchmarks/fill).
struct ZipWriting {
    private var out: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    init(capacity: Int) {
        out.reserveCapacity(capacity)
    }

    /// Copies an entry of the template without touching its data.
    mutating func copy(_ entry: ZipEntry, from bytes: [UInt8]) {
        add(
            name: entry.name, method: entry.method, crc: entry.crc32, uncompressed: entry.uncompressedSize,
            data: bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
    }

    /// Adds new content, deflated unless `store`.
    mutating func add(name: String, content: [UInt8], store: Bool) throws(FillError) {
        let crc = ZipReading.crc32(content)
        if !store, let deflated = Self.rawDeflate(content), deflated.count < content.count {
            add(name: name, method: 8, crc: crc, uncompressed: content.count, data: deflated[...])
        } else {
            add(name: name, method: 0, crc: crc, uncompressed: content.count, data: content[...])
        }
    }

    private mutating func add(name: String, method: UInt16, crc: UInt32, uncompressed: Int, data: ArraySlice<UInt8>) {
        let nameBytes = Array(name.utf8)
        let offset = out.count
        // Local file header: version 2.0, no flags, method, DOS time 00:00 and date 1980-01-01.
        Self.put32(&out, 0x0403_4B50)
        Self.put16(&out, 20)
        Self.put16(&out, 0)
        Self.put16(&out, Int(method))
        Self.put16(&out, 0)
        Self.put16(&out, 0x21)
        Self.put32(&out, Int(crc))
        Self.put32(&out, data.count)
        Self.put32(&out, uncompressed)
        Self.put16(&out, nameBytes.count)
        Self.put16(&out, 0)
        out += nameBytes
        out += data
        Self.put32(&central, 0x0201_4B50)
        Self.put16(&central, 20)
        Self.put16(&central, 20)
        Self.put16(&central, 0)
        Self.put16(&central, Int(method))
        Self.put16(&central, 0)
        Self.put16(&central, 0x21)
        Self.put32(&central, Int(crc))
        Self.put32(&central, data.count)
        Self.put32(&central, uncompressed)
        Self.put16(&central, nameBytes.count)
        for _ in 0..<4 { Self.put16(&central, 0) }  // extra, comment, disk, internal attributes
        Self.put32(&central, 0)  // external attributes
        Self.put32(&central, offset)
        central += nameBytes
        count += 1
    }

    /// The finished zip; refuses what would need ZIP64 (the limits keep a fill far below it).
    mutating func finish() throws(FillError) -> Data {
        let directoryOffset = out.count
        guard count < 0xFFFF, directoryOffset + central.count < 0xFFFF_FFFF else { throw .tooLarge("生成的文件超过 4 GiB 或 65535 个条目") }
        out += central
        Self.put32(&out, 0x0605_4B50)
        Self.put16(&out, 0)
        Self.put16(&out, 0)
        Self.put16(&out, count)
        Self.put16(&out, count)
        Self.put32(&out, central.count)
        Self.put32(&out, directoryOffset)
        Self.put16(&out, 0)
        return Data(out)
    }

    private static func rawDeflate(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    private static func put16(_ buffer: inout [UInt8], _ value: Int) {
        buffer.append(UInt8(value & 0xFF))
        buffer.append(UInt8((value >> 8) & 0xFF))
    }

    private static func put32(_ buffer: inout [UInt8], _ value: Int) {
        put16(&buffer, value & 0xFFFF)
        put16(&buffer, (value >> 16) & 0xFFFF)
    }
}
