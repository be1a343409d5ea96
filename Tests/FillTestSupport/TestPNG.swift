public import Foundation
import ZIPFoundation

/// Small valid PNGs drawn in code (RGBA, zlib "stored" blocks, so no compressor is needed): pictures for the
/// fixtures that LibreOffice can render.
public enum TestPNG {
    /// A width×height picture whose pixel (x, y) is `color(x, y)` as RGBA.
    public static func make(width: Int, height: Int, color: (Int, Int) -> (UInt8, UInt8, UInt8, UInt8)) -> Data {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 4 + 1) * height)
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width {
                let (r, g, b, a) = color(x, y)
                raw += [r, g, b, a]
            }
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png += chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    /// A red ring with a star-like centre, as a seal.
    public static func seal(size: Int = 120) -> Data {
        make(width: size, height: size) { x, y in
            let dx = Double(x - size / 2)
            let dy = Double(y - size / 2)
            let radius = (dx * dx + dy * dy).squareRoot()
            let ring = radius > Double(size) * 0.40 && radius < Double(size) * 0.47
            let centre = radius < Double(size) * 0.12
            return ring || centre ? (220, 20, 30, 255) : (0, 0, 0, 0)
        }
    }

    /// A dark wavy stroke on transparent ground, as a handwritten signature.
    public static func signature(width: Int = 160, height: Int = 50) -> Data {
        make(width: width, height: height) { x, y in
            let wave = Double(height) / 2 + sin(Double(x) / 9) * Double(height) / 4 + sin(Double(x) / 23) * 4
            return abs(Double(y) - wave) < 2.2 ? (20, 30, 90, 255) : (0, 0, 0, 0)
        }
    }

    /// A black-and-white module pattern with three finder squares, as a QR code stand-in.
    public static func qr(modules: Int = 25, scale: Int = 4) -> Data {
        let size = modules * scale
        return make(width: size, height: size) { x, y in
            let mx = x / scale
            let my = y / scale
            func finder(_ ox: Int, _ oy: Int) -> Bool? {
                let fx = mx - ox
                let fy = my - oy
                guard (0..<7).contains(fx), (0..<7).contains(fy) else { return nil }
                return fx == 0 || fy == 0 || fx == 6 || fy == 6 || ((2...4).contains(fx) && (2...4).contains(fy))
            }
            let dark = finder(0, 0) ?? finder(modules - 7, 0) ?? finder(0, modules - 7) ?? ((mx * 7 + my * 13 + mx * my) % 3 == 0)
            return dark ? (0, 0, 0, 255) : (255, 255, 255, 255)
        }
    }

    private static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Data(Array(type.utf8) + body)
        return Data(be32(body.count)) + typed + Data(be32(Int(typed.crc32(checksum: 0))))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int(b << 16 | a))
    }
}
