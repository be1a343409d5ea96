import Foundation
import Testing
import ZIPFoundation

/// Builds zips in memory with ZIPFoundation, the way a well-behaved archiver would.
enum ZipBuilder {
    static func make(_ entries: [(String, Data)], method: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: method) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }
}

/// Byte surgery on a zip built by `ZipBuilder`, to forge what a hostile uploader would send.
struct ZipPatcher {
    var data: Data

    /// Offset of the central-directory record named `name`.
    func centralRecord(_ name: String) -> Int? {
        let nameBytes = Array(name.utf8)
        let bytes = [UInt8](data)
        var index = 0
        while index + 46 <= bytes.count {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02 {
                let length = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
                if length == nameBytes.count, index + 46 + length <= bytes.count, Array(bytes[index + 46..<index + 46 + length]) == nameBytes {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    func u32(_ offset: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(data[data.startIndex + offset + $1]) << (8 * $1) }
    }

    mutating func put16(_ value: Int, at offset: Int) {
        data[data.startIndex + offset] = UInt8(value & 0xFF)
        data[data.startIndex + offset + 1] = UInt8((value >> 8) & 0xFF)
    }

    mutating func put32(_ value: Int, at offset: Int) {
        put16(value & 0xFFFF, at: offset)
        put16((value >> 16) & 0xFFFF, at: offset + 2)
    }

    /// Sets general-purpose flag bits in both the central record and the local header.
    mutating func addFlags(_ bits: Int, entry name: String) throws {
        let central = try #require(centralRecord(name))
        let local = u32(central + 42)
        let flags = Int(data[data.startIndex + central + 8]) | Int(data[data.startIndex + central + 9]) << 8
        put16(flags | bits, at: central + 8)
        put16(flags | bits, at: local + 6)
    }

    /// Declares a different uncompressed size, in both places.
    mutating func declareUncompressedSize(_ size: Int, entry name: String) throws {
        let central = try #require(centralRecord(name))
        put32(size, at: central + 24)
        put32(size, at: u32(central + 42) + 22)
    }

    /// Renames an entry to a name of the same length, in both places.
    mutating func rename(_ name: String, to newName: String) throws {
        precondition(name.utf8.count == newName.utf8.count)
        let central = try #require(centralRecord(name))
        let local = u32(central + 42)
        data.replaceSubrange(data.startIndex + central + 46..<data.startIndex + central + 46 + newName.utf8.count, with: Array(newName.utf8))
        data.replaceSubrange(data.startIndex + local + 30..<data.startIndex + local + 30 + newName.utf8.count, with: Array(newName.utf8))
    }

    /// Points the central record at another local-header offset.
    mutating func setLocalOffset(_ offset: Int, entry name: String) throws {
        put32(offset, at: try #require(centralRecord(name)) + 42)
    }

    /// Overwrites the entry counts of the end-of-central-directory record.
    mutating func declareEntryCount(_ count: Int) {
        let end = data.count - 22
        put16(count, at: end + 8)
        put16(count, at: end + 10)
    }
}
