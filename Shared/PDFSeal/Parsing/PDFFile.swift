/// The parts of an existing PDF that an incremental update needs: the newest trailer, where each object starts, and
/// the last `startxref` (the update's `/Prev`). Only classic cross-reference tables are read: LibreOffice writes one,
/// and a cross-reference stream would oblige the update to be a stream too (ISO 32000-1 §7.5.8.4), so such files
/// are refused with `PDF_SEAL_UNSUPPORTED_XREF` rather than half-supported.
struct PDFFile {
    /// More `/Prev` sections than this is taken for a loop or a hostile file; real files have one per update.
    static let maximumSections = 4096

    let bytes: [UInt8]
    let startxref: Int
    let trailer: PDFDictionary
    private let offsets: [Int: Int]

    init(bytes: [UInt8]) throws(PDFSealError) {
        guard bytes.starts(with: Array("%PDF-".utf8)) || bytes.prefix(1024).firstRange(of: Array("%PDF-".utf8)) != nil else {
            throw .malformed("缺少 %PDF- 文件头")
        }
        self.bytes = bytes
        startxref = try Self.lastStartxref(in: bytes)

        var offsets: [Int: Int] = [:]
        var seen: Set<Int> = []
        var newestTrailer: PDFDictionary?
        var next: Int? = startxref
        while let sectionOffset = next {
            guard seen.insert(sectionOffset).inserted else { throw .malformed("交叉引用表的 /Prev 形成循环") }
            guard seen.count <= Self.maximumSections else { throw .malformed("交叉引用表超过 \(Self.maximumSections) 节") }
            let trailer = try Self.readSection(at: sectionOffset, in: bytes, into: &offsets)
            if newestTrailer == nil { newestTrailer = trailer }
            next = trailer["Prev"]?.integer
        }
        guard let newestTrailer else { throw .malformed("没有 trailer") }
        self.trailer = newestTrailer
        self.offsets = offsets.filter { $0.value >= 0 }
    }

    /// The object `reference` points to; a stream object yields its dictionary.
    func object(_ reference: PDFReference) throws(PDFSealError) -> PDFObject {
        guard let offset = offsets[reference.number] else { throw .malformed("找不到对象 \(reference.number) \(reference.generation) R") }
        guard offset >= 0, offset < bytes.count else { throw .malformed("对象 \(reference.number) 的偏移 \(offset) 超出文件长度") }
        var lexer = PDFLexer(bytes: bytes, position: offset)
        let number = try lexer.integer()
        _ = try lexer.integer()
        try lexer.expectKeyword("obj")
        guard number == reference.number else {
            throw .malformed("偏移 \(offset) 处是对象 \(number)，交叉引用表说是对象 \(reference.number)")
        }
        return try lexer.object()
    }

    /// `value` itself, or the object it refers to.
    func resolve(_ value: PDFObject) throws(PDFSealError) -> PDFObject {
        guard case .reference(let reference) = value else { return value }
        return try object(reference)
    }

    private static func lastStartxref(in bytes: [UInt8]) throws(PDFSealError) -> Int {
        // The end-of-file marker sits in the last 1024 bytes (§7.5.5); look a little further for lenient writers.
        let windowStart = max(0, bytes.count - 2048)
        let keyword = Array("startxref".utf8)
        var index = bytes.count - keyword.count
        while index >= windowStart {
            if bytes[index] == keyword[0], bytes[index..<(index + keyword.count)].elementsEqual(keyword) {
                var lexer = PDFLexer(bytes: bytes, position: index + keyword.count)
                let offset = try lexer.integer()
                guard offset >= 0, offset < bytes.count else { throw .malformed("startxref 的偏移 \(offset) 超出文件长度") }
                return offset
            }
            index -= 1
        }
        throw .malformed("文件末尾没有 startxref（文件可能被截断）")
    }

    /// Reads one `xref … trailer << … >>` section; entries already known from a newer section win. A free entry is
    /// stored as -1 so an older section cannot revive a deleted object.
    private static func readSection(at offset: Int, in bytes: [UInt8], into offsets: inout [Int: Int]) throws(PDFSealError) -> PDFDictionary {
        guard offset >= 0, offset < bytes.count else { throw .malformed("交叉引用表的偏移 \(offset) 超出文件长度") }
        var lexer = PDFLexer(bytes: bytes, position: offset)
        let keyword = lexer.token()
        guard keyword == "xref" else {
            if Int(keyword) != nil { throw .unsupportedXref("交叉引用流 /Type /XRef") }
            throw .malformed("startxref 指向的偏移 \(offset) 处不是交叉引用表")
        }
        while true {
            let saved = lexer.position
            let word = lexer.token()
            if word == "trailer" { break }
            lexer.position = saved
            let first = try lexer.integer()
            let count = try lexer.integer()
            // Each entry takes at least 18 bytes: a count beyond what is left is a lie, not a reason to loop.
            guard first >= 0, count >= 0, count <= (bytes.count - lexer.position) / 18 + 1 else {
                throw .malformed("交叉引用表的小节 \(first) \(count) 超出文件长度")
            }
            for index in 0..<count {
                let objectOffset = try lexer.integer()
                _ = try lexer.integer()
                let kind = lexer.token()
                guard kind == "n" || kind == "f" else { throw .malformed("交叉引用表条目类型“\(kind.prefix(8))”不是 n 或 f") }
                if offsets[first + index] == nil { offsets[first + index] = kind == "n" ? objectOffset : -1 }
            }
        }
        guard case .dictionary(let trailer) = try lexer.object() else { throw .malformed("trailer 不是字典") }
        if trailer["XRefStm"] != nil { throw .unsupportedXref("混合型交叉引用 /XRefStm") }
        return trailer
    }
}
