import Foundation

/// Bounds-checked little-endian reads from the upload. Every read that could fall outside the data returns nil, so
/// a hostile offset becomes a refusal instead of a trap.
struct ByteView {
    let data: Data

    var count: Int { data.count }

    func u8(_ offset: Int) -> UInt8? {
        guard offset >= 0, offset < data.count else { return nil }
        return data[data.startIndex + offset]
    }

    func u16(_ offset: Int) -> Int? {
        guard let low = u8(offset), let high = u8(offset + 1) else { return nil }
        return Int(low) | Int(high) << 8
    }

    func u32(_ offset: Int) -> Int? {
        guard let low = u16(offset), let high = u16(offset + 2) else { return nil }
        return low | high << 16
    }

    /// `length` bytes at `offset`, or nil when any of them is outside the data.
    func bytes(_ offset: Int, _ length: Int) -> Data? {
        guard offset >= 0, length >= 0, offset <= data.count - length else { return nil }
        let start = data.startIndex + offset
        return data[start..<start + length]
    }

    /// Whether `prefix` occurs at `offset`.
    func matches(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard let slice = bytes(offset, prefix.count) else { return false }
        return slice.elementsEqual(prefix)
    }
}
