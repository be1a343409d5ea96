import Foundation
import ZIPFoundation

/// Writes zip bytes field by field, for structures no archiver would produce (truncated streams, overlapping
/// entries). Each entry's data is given already "compressed" with the method stated.
struct RawZip {
    struct Entry {
        var name: String
        var method = 0
        var data: Data
        var uncompressedSize: Int
        var crc: UInt32
    }

    var entries: [Entry] = []

    mutating func stored(_ name: String, _ content: Data) {
        entries.append(Entry(name: name, data: content, uncompressedSize: content.count, crc: content.crc32(checksum: 0)))
    }

    mutating func deflated(_ name: String, raw: Data, uncompressedSize: Int, crc: UInt32 = 0) {
        entries.append(Entry(name: name, method: 8, data: raw, uncompressedSize: uncompressedSize, crc: crc))
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }

    static func localHeader(_ entry: Entry) -> [UInt8] {
        let name = Array(entry.name.utf8)
        return le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(entry.method) + le16(0) + le16(0) + le32(Int(entry.crc))
            + le32(entry.data.count) + le32(entry.uncompressedSize) + le16(name.count) + le16(0) + name
    }

    static func centralRecord(_ entry: Entry, offset: Int) -> [UInt8] {
        let name = Array(entry.name.utf8)
        return le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(entry.method) + le16(0) + le16(0) + le32(Int(entry.crc))
            + le32(entry.data.count) + le32(entry.uncompressedSize) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            + le32(offset) + name
    }

    /// Local headers and data in order, then the directory (optionally with forced local offsets), then the end record.
    func bytes(offsets forced: [Int?]? = nil) -> Data {
        var out: [UInt8] = []
        var offsets: [Int] = []
        for entry in entries {
            offsets.append(out.count)
            out += Self.localHeader(entry) + [UInt8](entry.data)
        }
        let directoryOffset = out.count
        for (index, entry) in entries.enumerated() {
            out += Self.centralRecord(entry, offset: forced?[index] ?? offsets[index])
        }
        let directorySize = out.count - directoryOffset
        out +=
            Self.le32(0x0605_4B50) + Self.le16(0) + Self.le16(0) + Self.le16(entries.count) + Self.le16(entries.count)
            + Self.le32(directorySize) + Self.le32(directoryOffset) + Self.le16(0)
        return Data(out)
    }
}
