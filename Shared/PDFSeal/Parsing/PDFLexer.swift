/// Reads PDF syntax (ISO 32000-1 §7.2–7.3) from a byte buffer: objects, keywords and integers. Every loop consumes at
/// least one byte or stops, and nesting is capped, so a malformed or hostile file ends in `PDF_SEAL_MALFORMED`,
/// never in a crash or a hang.
struct PDFLexer {
    /// Deeper nesting than this is refused: real catalogs and pages nest a few levels, and the cap bounds recursion.
    static let maximumDepth = 64

    let bytes: [UInt8]
    var position: Int

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x00 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters (a keyword or a number), after whitespace; empty at a delimiter or the end.
    mutating func token() -> String {
        skipWhitespaceAndComments()
        let start = position
        while position < bytes.count, Self.isRegular(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func expectKeyword(_ keyword: String) throws(PDFSealError) {
        let found = token()
        guard found == keyword else { throw .malformed("在偏移 \(position) 处应为 \(keyword)，实为“\(found.prefix(20))”") }
    }

    mutating func integer() throws(PDFSealError) -> Int {
        let text = token()
        guard let value = Int(text), text.count <= 12 else { throw .malformed("在偏移 \(position) 处应为整数，实为“\(text.prefix(20))”") }
        return value
    }

    /// The next object; an integer followed by `G R` is a reference.
    mutating func object(depth: Int = 0) throws(PDFSealError) -> PDFObject {
        guard depth < Self.maximumDepth else { throw .malformed("对象嵌套超过 \(Self.maximumDepth) 层") }
        skipWhitespaceAndComments()
        guard position < bytes.count else { throw .malformed("文件在对象中途结束") }
        switch bytes[position] {
        case UInt8(ascii: "/"):
            position += 1
            return .name(name())
        case UInt8(ascii: "("):
            position += 1
            return .string(try literalString(), hex: false)
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2
                return .dictionary(try dictionaryBody(depth: depth))
            }
            position += 1
            return .string(try hexString(), hex: true)
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhitespaceAndComments()
                guard position < bytes.count else { throw .malformed("数组未结束") }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                }
                items.append(try object(depth: depth + 1))
            }
        default:
            return try numberOrKeyword()
        }
    }

    private mutating func dictionaryBody(depth: Int) throws(PDFSealError) -> PDFDictionary {
        var dictionary = PDFDictionary()
        while true {
            skipWhitespaceAndComments()
            guard position < bytes.count else { throw .malformed("字典未结束") }
            if bytes[position] == UInt8(ascii: ">") {
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw .malformed("在偏移 \(position) 处字典结束符不完整")
                }
                position += 2
                return dictionary
            }
            guard bytes[position] == UInt8(ascii: "/") else { throw .malformed("在偏移 \(position) 处字典的键不是名称") }
            position += 1
            let key = name()
            dictionary[key] = try object(depth: depth + 1)
        }
    }

    private mutating func numberOrKeyword() throws(PDFSealError) -> PDFObject {
        let start = position
        let text = token()
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "": throw .malformed("在偏移 \(start) 处有意外字符")
        default: break
        }
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) }),
            text.utf8.contains(where: { (0x30...0x39).contains($0) })
        else { throw .malformed("在偏移 \(start) 处有无法识别的关键字“\(text.prefix(20))”") }
        // `N G R`: look ahead without consuming unless the whole reference is there.
        if let number = Int(text), number >= 0 {
            let afterNumber = position
            let generationText = token()
            if let generation = Int(generationText), generation >= 0, token() == "R" {
                return .reference(PDFReference(number: number, generation: generation))
            }
            position = afterNumber
        }
        return .number(text)
    }

    /// A name after its `/`; `#xx` escapes decoded. Bytes map one-to-one to the first 256 Unicode scalars so that a
    /// name that is not UTF-8 survives a rewrite unchanged.
    private mutating func name() -> String {
        var scalars = String.UnicodeScalarView()
        while position < bytes.count, Self.isRegular(bytes[position]) {
            var byte = bytes[position]
            if byte == UInt8(ascii: "#"), position + 2 < bytes.count, let high = Self.hexValue(bytes[position + 1]),
                let low = Self.hexValue(bytes[position + 2])
            {
                byte = high << 4 | low
                position += 2
            }
            scalars.append(Unicode.Scalar(byte))
            position += 1
        }
        return String(scalars)
    }

    private mutating func literalString() throws(PDFSealError) -> [UInt8] {
        var result: [UInt8] = []
        var open = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                open += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                open -= 1
                if open == 0 { return result }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D:
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                case 0x0A: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(escaped - UInt8(ascii: "0"))
                    var digits = 1
                    while digits < 3, position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[position]) {
                        value = value * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                        position += 1
                        digits += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                default: result.append(escaped)
                }
            case 0x0D:
                // An unescaped end of line reads as a single line feed (§7.3.4.2).
                if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                result.append(0x0A)
            default:
                result.append(byte)
            }
        }
        throw .malformed("字符串未结束")
    }

    private mutating func hexString() throws(PDFSealError) -> [UInt8] {
        var result: [UInt8] = []
        var pending: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") {
                if let high = pending { result.append(high << 4) }
                return result
            }
            if Self.isWhitespace(byte) { continue }
            guard let nibble = Self.hexValue(byte) else { throw .malformed("十六进制字符串中有非法字符") }
            if let high = pending {
                result.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        throw .malformed("十六进制字符串未结束")
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
