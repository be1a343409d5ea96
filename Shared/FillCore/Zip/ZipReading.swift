import Foundation
import SystemZlib

/// Lists a zip's entries and inflates single entries with zlib. Entries the fill does not change are never
/// inflated at all: `ZipWriting` copies their compressed bytes as they are.
enum ZipReading {
    static func entries(_ bytes: [UInt8]) throws(FillError) -> [ZipEntry] {
        func u16(_ offset: Int) throws(FillError) -> Int {
            guard offset >= 0, offset + 2 <= bytes.count else { throw .templateInvalid("TEMPLATE_NOT_ZIP", "ZIP 结构越界") }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }
        func u32(_ offset: Int) throws(FillError) -> Int { try u16(offset) | (try u16(offset + 2)) << 16 }

        var end = bytes.count - 22
        let lowest = max(0, end - 0xFFFF)
        while end >= lowest, try u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw .templateInvalid("TEMPLATE_NOT_ZIP", "找不到 ZIP 目录结尾记录") }
        let count = try u16(end + 10)
        var position = try u32(end + 16)
        var result: [ZipEntry] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard try u32(position) == 0x0201_4B50 else { throw .templateInvalid("TEMPLATE_NOT_ZIP", "中央目录损坏") }
            let method = try u16(position + 10)
            let crc = try u32(position + 16)
            let compressed = try u32(position + 20)
            let uncompressed = try u32(position + 24)
            let nameLength = try u16(position + 28)
            let extraLength = try u16(position + 30)
            let commentLength = try u16(position + 32)
            let local = try u32(position + 42)
            guard position + 46 + nameLength <= bytes.count, try u32(local) == 0x0403_4B50 else {
                throw .templateInvalid("TEMPLATE_NOT_ZIP", "中央目录损坏")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            let dataOffset = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard method == 0 || method == 8, dataOffset + compressed <= bytes.count else {
                throw .templateInvalid("TEMPLATE_NOT_ZIP", "条目“\(name)”损坏")
            }
            if !name.hasSuffix("/") {
                result.append(
                    ZipEntry(
                        name: name, method: UInt16(method), crc32: UInt32(crc), compressedSize: compressed, uncompressedSize: uncompressed,
                        dataOffset: dataOffset))
            }
            position += 46 + nameLength + extraLength + commentLength
        }
        return result
    }

    /// The entry's content, exactly its declared size and CRC-checked.
    static func inflate(_ entry: ZipEntry, in bytes: [UInt8]) throws(FillError) -> Data {
        let compressed = bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)]
        let output: [UInt8]
        if entry.method == 0 {
            output = Array(compressed)
        } else {
            guard let inflated = rawInflate(compressed, expected: entry.uncompressedSize) else {
                throw .templateInvalid("TEMPLATE_NOT_ZIP", "条目“\(entry.name)”的压缩数据已损坏")
            }
            output = inflated
        }
        guard output.count == entry.uncompressedSize, crc32(output) == entry.crc32 else {
            throw .templateInvalid("TEMPLATE_NOT_ZIP", "条目“\(entry.name)”的校验和不符")
        }
        return Data(output)
    }

    /// Inflates a raw deflate stream into a buffer of exactly `expected` bytes (one more to notice overruns).
    private static func rawInflate(_ input: ArraySlice<UInt8>, expected: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = Array(input)
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return SystemZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expected else { return nil }
        output.removeLast()
        return output
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(SystemZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
