import Foundation
import QRCode
import SystemZlib
import Testing

@Suite struct QRCodeTests {
    @Test("capacity: version 40-L holds 2953 bytes, one more is QRCODE_DATA_TOO_LONG")
    func capacity() throws {
        let largest = try QRCode.encode([UInt8](repeating: 0x41, count: 2953), correction: .low)
        #expect(largest.version == 40 && largest.size == 177)
        #expect(throws: QRCodeError.self) { try QRCode.encode([UInt8](repeating: 0x41, count: 2954), correction: .low) }
        do {
            _ = try QRCode.encode([UInt8](repeating: 0x41, count: 2954), correction: .low)
        } catch {
            #expect(error.code == "QRCODE_DATA_TOO_LONG")
        }
    }

    @Test("a 120-byte certificate URL takes version 7 at M")
    func certificateURL() throws {
        let url = "https://metrology.example.gov.cn/certificates/verify?number=JD-2026-000123&issuer=330100&check=4F2A9C1B7E&lang=zh&v=2026"
        #expect(url.utf8.count == 120)
        let matrix = try QRCode.encode(url, correction: .medium)
        // Version 7-M carries 122 bytes, 6-M only 106 (ISO/IEC 18004:2015 Table 7).
        #expect(matrix.version == 7)
    }

    @Test("a mask outside 0–7 is QRCODE_INVALID_MASK")
    func invalidMask() {
        do {
            _ = try QRCode.encode("x", mask: 8)
            Issue.record("mask 8 was accepted")
        } catch {
            #expect(error.code == "QRCODE_INVALID_MASK")
        }
    }

    @Test("the automatic mask is one of the eight and the matrix is deterministic")
    func automaticMask() throws {
        let first = try QRCode.encode("JD-2026-000123", correction: .quartile)
        let second = try QRCode.encode("JD-2026-000123", correction: .quartile)
        #expect((0...7).contains(first.mask))
        #expect(first == second)
    }

    @Test("the PNG has valid chunks (CRC-32 checked by zlib) and its image data inflates to the expected rows")
    func pngStructure() throws {
        let matrix = try QRCode.encode("https://jd.example.cn/c?n=1", correction: .medium)
        let png = [UInt8](matrix.png(scale: 3, quietZone: 4))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        var offset = 8
        var chunks: [String: [UInt8]] = [:]
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt(0)) { $0 << 8 | UInt($1) }
            let computed = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            #expect(UInt(computed) == stored)
            chunks[String(decoding: typeAndData.prefix(4), as: UTF8.self)] = Array(typeAndData.dropFirst(4))
            offset += 12 + length
        }
        #expect(offset == png.count)
        let width = (matrix.size + 8) * 3
        let header = try #require(chunks["IHDR"])
        #expect(Array(header.prefix(8)) == [0, 0, 0, UInt8(width), 0, 0, 0, UInt8(width)])
        #expect(chunks["IEND"] == [])
        let idat = try #require(chunks["IDAT"])
        var inflated = [UInt8](repeating: 0, count: width * ((width + 7) / 8 + 1) + 16)
        var inflatedLength = uLongf(inflated.count)
        let status = inflated.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &inflatedLength, $0.baseAddress, uLong($0.count)) }
        }
        #expect(status == Z_OK)
        #expect(Int(inflatedLength) == width * ((width + 7) / 8 + 1))
    }
}
