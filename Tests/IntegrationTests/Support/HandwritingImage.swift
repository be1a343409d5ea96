import Foundation

/// A handwritten signature as a signature pad would deliver it: a PNG of a pen stroke (a few loops of a wave,
/// different for each seed), 1-bit grayscale, written here with stored deflate blocks and CRC-32 so the tests need
/// no image library.
enum HandwritingImage {
    static func png(seed: Int = 1, width: Int = 240, height: Int = 80) -> Data {
        let rowBytes = (width + 7) / 8
        var rows = [[UInt8]](repeating: [UInt8](repeating: 0xFF, count: rowBytes), count: height)
        func ink(_ x: Int, _ y: Int) {
            guard (0..<width).contains(x), (0..<height).contains(y) else { return }
            rows[y][x >> 3] &= ~(0x80 >> UInt8(x & 7))
        }
        for x in 10..<(width - 10) {
            let t = Double(x) / Double(width)
            let y = Double(height) / 2 + sin(t * Double(6 + seed) * .pi) * Double(height) / 3 * (1 - t / 2)
            for dy in -1...1 { for dx in 0...1 { ink(x + dx, Int(y) + dy) } }
        }
        var raw: [UInt8] = []
        for row in rows { raw.append(0); raw += row }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [1, 0, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            out.append(offset + length == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }
}
