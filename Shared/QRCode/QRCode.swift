public import Foundation

/// QR codes in byte mode (ISO/IEC 18004:2015), versions 1–40, all four error correction levels, the mask chosen by
/// the standard's penalty rules. Byte mode only: certificate URLs and numbers are short, and a reader decodes UTF-8
/// Chinese from byte mode as well.
public enum QRCode {
    /// - Parameters:
    ///   - mask: 0–7 to force a mask pattern (for comparing with other encoders); `nil` picks the lowest penalty.
    /// - Throws: `QRCODE_DATA_TOO_LONG` beyond version 40's capacity, `QRCODE_INVALID_MASK`.
    public static func encode(_ bytes: [UInt8], correction: QRErrorCorrection = .medium, mask: Int? = nil) throws(QRCodeError) -> QRMatrix {
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }
        guard let version = QRVersion.range.lazy.map(QRVersion.init).first(where: { $0.byteCapacity(correction) >= bytes.count }) else {
            throw .dataTooLong(bytes.count, capacity: QRVersion(number: 40).byteCapacity(correction), correction: correction)
        }
        let codewords = interleaved(dataCodewords(bytes, version: version, correction: correction), version: version, correction: correction)
        var builder = QRMatrixBuilder(version: version)
        builder.drawFunctionPatterns()
        builder.drawCodewords(codewords)
        let penalties = (0...7).map { builder.penalty(mask: $0, correction: correction) }
        let chosen = mask ?? penalties.indices.min { penalties[$0] < penalties[$1] } ?? 0
        return builder.finished(mask: chosen, correction: correction)
    }

    /// `text` as UTF-8.
    public static func encode(_ text: String, correction: QRErrorCorrection = .medium, mask: Int? = nil) throws(QRCodeError) -> QRMatrix {
        try encode(Array(text.utf8), correction: correction, mask: mask)
    }

    /// Mode indicator 0100, the count, the bytes, a terminator of up to four zeros, zero bits to a byte boundary,
    /// then the pad bytes 0xEC 0x11 alternately (§7.4.10).
    static func dataCodewords(_ bytes: [UInt8], version: QRVersion, correction: QRErrorCorrection) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version.byteCountBits)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = version.dataCodewords(correction) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks (the shorter ones first), appends each block's error correction, and interleaves
    /// data then error correction codewords column by column (§7.6).
    static func interleaved(_ data: [UInt8], version: QRVersion, correction: QRErrorCorrection) -> [UInt8] {
        let blockCount = version.blockCount(correction)
        let eccLength = version.eccCodewordsPerBlock(correction)
        let shortBlockLength = version.totalCodewords / blockCount
        let shortBlockCount = blockCount - version.totalCodewords % blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortBlockLength - eccLength + (index < shortBlockCount ? 0 : 1)
            let block = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        result.reserveCapacity(version.totalCodewords)
        for column in 0...(shortBlockLength - eccLength) {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<eccLength {
            for block in eccBlocks { result.append(block[column]) }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count length: Int) {
        guard length > 0 else { return }
        for shift in stride(from: length - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
