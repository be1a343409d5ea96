import Foundation

/// A zip archive of stored (uncompressed) entries: enough for the docx and xlsx fixtures, without a zip dependency in
/// this test target. CRC-32 as in ISO 3309 (polynomial 0xEDB88320).
struct StoredZip {
    private var entries: [(name: String, data: Data)] = []

    mutating func add(_ name: String, _ text: String) { entries.append((name, Data(text.utf8))) }

    var data: Data {
        var archive = Data()
        var central = Data()
        for (name, content) in entries {
            let offset = UInt32(archive.count)
            let nameBytes = Data(name.utf8)
            let crc = Self.crc32(content)
            var local = Data()
            local.append(le32: 0x0403_4B50)
            local.append(le16: 20)  // version needed
            local.append(le16: 0x0800)  // UTF-8 names
            local.append(le16: 0)  // stored
            local.append(le16: 0)
            local.append(le16: 0x21)  // 1980-01-01
            local.append(le32: crc)
            local.append(le32: UInt32(content.count))
            local.append(le32: UInt32(content.count))
            local.append(le16: UInt16(nameBytes.count))
            local.append(le16: 0)
            archive.append(local)
            archive.append(nameBytes)
            archive.append(content)
            central.append(le32: 0x0201_4B50)
            central.append(le16: 20)
            central.append(le16: 20)
            central.append(le16: 0x0800)
            central.append(le16: 0)
            central.append(le16: 0)
            central.append(le16: 0x21)
            central.append(le32: crc)
            central.append(le32: UInt32(content.count))
            central.append(le32: UInt32(content.count))
            central.append(le16: UInt16(nameBytes.count))
            central.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])  // extra, comment, disk, attributes
            central.append(le32: offset)
            central.append(nameBytes)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(le32: 0x0605_4B50)
        archive.append(le16: 0)
        archive.append(le16: 0)
        archive.append(le16: UInt16(entries.count))
        archive.append(le16: UInt16(entries.count))
        archive.append(le32: UInt32(central.count))
        archive.append(le32: centralOffset)
        archive.append(le16: 0)
        return archive
    }

    private static let table: [UInt32] = (0..<256).map { byte in
        var value = UInt32(byte)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    fileprivate mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
