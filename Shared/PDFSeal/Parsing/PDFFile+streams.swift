extension PDFFile {
    /// A cross-reference stream (§7.5.8): rows of `/W` big-endian fields — type (1 when `/W` gives it no bytes),
    /// then offset or object stream number, then generation or index — for the object ranges in `/Index`.
    static func readXrefStream(at offset: Int, in bytes: [UInt8], into locations: inout [Int: Location]) throws(PDFSealError) -> PDFDictionary {
        var lexer = try lexerAtObject(nil, offset: offset, in: bytes)
        guard case .dictionary(let dictionary) = try lexer.object(), dictionary["Type"]?.nameValue == "XRef" else {
            throw .malformed("startxref 指向的偏移 \(offset) 处既不是交叉引用表也不是交叉引用流")
        }
        // The length of a cross-reference stream is always direct (§7.5.8.2).
        let data = try PDFStreamDecoder.decode(try lexer.streamData(length: dictionary["Length"]?.integer), dictionary: dictionary)
        guard let widths = dictionary["W"]?.arrayValue?.compactMap(\.integer), widths.count == 3, widths.allSatisfy({ (0...8).contains($0) }),
            widths[1] > 0
        else { throw .malformed("交叉引用流的 /W 无效") }
        let rowLength = widths.reduce(0, +)
        guard let size = dictionary["Size"]?.integer, size >= 0 else { throw .malformed("交叉引用流没有 /Size") }
        let index = dictionary["Index"]?.arrayValue?.compactMap(\.integer) ?? [0, size]
        guard index.count % 2 == 0 else { throw .malformed("交叉引用流的 /Index 无效") }

        var row = 0
        for pair in stride(from: 0, to: index.count, by: 2) {
            let (first, count) = (index[pair], index[pair + 1])
            // Rows beyond the data are a lie, not a reason to loop.
            guard (0..<(1 << 40)).contains(first), count >= 0, count <= data.count / rowLength - row else {
                throw .malformed("交叉引用流的 /Index 超出数据长度")
            }
            for number in first..<(first + count) {
                var fields = [0, 0, 0]
                var position = row * rowLength
                for (field, width) in widths.enumerated() {
                    for _ in 0..<width {
                        fields[field] = fields[field] << 8 | Int(data[position])
                        position += 1
                    }
                }
                if widths[0] == 0 { fields[0] = 1 }
                row += 1
                guard locations[number] == nil else { continue }
                switch fields[0] {
                case 0: locations[number] = .free
                case 1: locations[number] = .offset(fields[1])
                case 2: locations[number] = .compressed(stream: fields[1], index: fields[2])
                default: break  // Unknown types are to be read as null references (§7.5.8.3).
                }
            }
        }
        return dictionary
    }

    /// Object `number`, the `index`-th of object stream `stream` (§7.5.7): `/N` pairs of object number and offset
    /// (from `/First`) head the decoded data.
    func compressedObject(_ number: Int, stream: Int, index: Int) throws(PDFSealError) -> PDFObject {
        guard case .offset(let offset) = locations[stream] else { throw .malformed("对象流 \(stream) 不存在") }
        var lexer = try lexerAtObject(stream, offset: offset)
        guard case .dictionary(let dictionary) = try lexer.object(), dictionary["Type"]?.nameValue == "ObjStm" else {
            throw .malformed("对象 \(stream) 不是对象流")
        }
        // An object stream's /Length may be indirect, but never inside another object stream.
        var length = dictionary["Length"]?.integer
        if let reference = dictionary["Length"]?.referenceValue, case .offset(let lengthOffset) = locations[reference.number] {
            var lengthLexer = try lexerAtObject(reference.number, offset: lengthOffset)
            length = try lengthLexer.object().integer
        }
        let data = try PDFStreamDecoder.decode(try lexer.streamData(length: length), dictionary: dictionary)
        guard let count = dictionary["N"]?.integer, let first = dictionary["First"]?.integer, (0..<count).contains(index), first >= 0 else {
            throw .malformed("对象流 \(stream) 的 /N 或 /First 无效")
        }
        var header = PDFLexer(bytes: data)
        var objectOffset = 0
        for position in 0...index {
            let found = try header.integer()
            let relative = try header.integer()
            if position == index {
                guard found == number else { throw .malformed("对象流 \(stream) 的第 \(index) 个对象是 \(found)，不是 \(number)") }
                objectOffset = first + relative
            }
        }
        guard objectOffset < data.count else { throw .malformed("对象流 \(stream) 中对象 \(number) 的偏移超出范围") }
        var objectLexer = PDFLexer(bytes: data, position: objectOffset)
        return try objectLexer.object()
    }
}

extension PDFLexer {
    /// The raw bytes after `stream` and its end-of-line, `length` of them (§7.3.8.1).
    mutating func streamData(length: Int?) throws(PDFSealError) -> ArraySlice<UInt8> {
        guard token() == "stream" else { throw .malformed("在偏移 \(position) 处应为 stream") }
        if position < bytes.count, bytes[position] == 0x0D { position += 1 }
        if position < bytes.count, bytes[position] == 0x0A { position += 1 }
        guard let length, length >= 0, length <= bytes.count - position else { throw .malformed("流的 /Length 无效或超出文件长度") }
        return bytes[position..<(position + length)]
    }
}
