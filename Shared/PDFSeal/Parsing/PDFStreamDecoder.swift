import SystemZlib

/// Decodes the streams the sealer must read — cross-reference and object streams — which writers compress with
/// FlateDecode, usually with the PNG Up predictor (§7.4.4). Other filters are refused: these streams never use them.
enum PDFStreamDecoder {
    /// Decoded streams larger than this are refused, so a small hostile file cannot inflate into gigabytes.
    static let maximumDecodedSize = 64 << 20

    static func decode(_ raw: ArraySlice<UInt8>, dictionary: PDFDictionary) throws(PDFSealError) -> [UInt8] {
        let filters: [String]
        switch dictionary["Filter"] {
        case nil: filters = []
        case .name(let name): filters = [name]
        case .array(let names): filters = names.compactMap(\.nameValue)
        default: throw .malformed("流的 /Filter 无效")
        }
        guard filters.allSatisfy({ $0 == "FlateDecode" }), filters.count <= 1 else {
            throw .unsupportedXref("交叉引用流或对象流使用了 \(filters.joined(separator: ", ")) 过滤器")
        }
        var data = filters.isEmpty ? Array(raw) : try inflate(raw)
        let parameters = (dictionary["DecodeParms"]?.dictionaryValue ?? dictionary["DecodeParms"]?.arrayValue?.first?.dictionaryValue)
        if let predictor = parameters?["Predictor"]?.integer, predictor > 1 {
            guard predictor >= 10 else { throw .unsupportedXref("TIFF 预测器") }
            data = try unpredictPNG(data, columns: parameters?["Columns"]?.integer ?? 1)
        }
        return data
    }

    static func inflate(_ raw: ArraySlice<UInt8>) throws(PDFSealError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .malformed("zlib 初始化失败") }
        defer { inflateEnd(&stream) }
        var input = Array(raw)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = SystemZlib.inflate(&stream, Z_NO_FLUSH)
                    output += chunkBuffer[0..<(chunkBuffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK && stream.avail_out == 0 && output.count <= maximumDecodedSize
            // Input that ends without the stream's end marker is read as far as it goes, as readers do.
            if status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0) { status = Z_STREAM_END }
        }
        guard output.count <= maximumDecodedSize else { throw .malformed("流解压后超过 \(maximumDecodedSize >> 20) MB") }
        guard status == Z_STREAM_END else { throw .malformed("流的 FlateDecode 数据损坏") }
        return output
    }

    /// PNG predictors (RFC 2083 §6): each row starts with its filter type; the sealer's streams use Up, but all five
    /// are cheap to undo.
    static func unpredictPNG(_ data: [UInt8], columns: Int) throws(PDFSealError) -> [UInt8] {
        guard columns > 0, columns < 1 << 20 else { throw .malformed("/Columns 无效") }
        let stride = columns + 1
        var output: [UInt8] = []
        output.reserveCapacity(data.count / stride * columns)
        var previous = [UInt8](repeating: 0, count: columns)
        var start = 0
        while start + stride <= data.count {
            let type = data[start]
            var row = Array(data[(start + 1)..<(start + stride)])
            for index in 0..<columns {
                let left = index > 0 ? Int(row[index - 1]) : 0
                let up = Int(previous[index])
                let upLeft = index > 0 ? Int(previous[index - 1]) : 0
                let add: Int
                switch type {
                case 0: add = 0
                case 1: add = left
                case 2: add = up
                case 3: add = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    add = a <= b && a <= c ? left : (b <= c ? up : upLeft)
                default: throw .malformed("PNG 预测器类型 \(type) 无效")
                }
                row[index] = UInt8(truncatingIfNeeded: Int(row[index]) + add)
            }
            output += row
            previous = row
            start += stride
        }
        return output
    }
}
