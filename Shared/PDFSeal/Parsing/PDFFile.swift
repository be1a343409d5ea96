/// The parts of an existing PDF that an incremental update needs: the newest trailer, where each object is, and the
/// last `startxref` (the update's `/Prev`). Reads classic cross-reference tables (what LibreOffice writes),
/// cross-reference streams with objects in object streams (ISO 32000-1 §7.5.7–7.5.8), and hybrid files (§7.5.8.4).
struct PDFFile {
    /// More `/Prev` sections than this is taken for a loop or a hostile file; real files have one per update.
    static let maximumSections = 4096

    /// Where an object lives: at a byte offset, or as the `index`-th object of an object stream.
    enum Location: Equatable {
        case offset(Int)
        case compressed(stream: Int, index: Int)
        case free
    }

    let bytes: [UInt8]
    let startxref: Int
    let trailer: PDFDictionary
    /// Whether the newest section is a cross-reference stream; the update then must be one too (§7.5.8.4).
    let usesXrefStream: Bool
    let locations: [Int: Location]

    init(bytes: [UInt8]) throws(PDFSealError) {
        guard bytes.prefix(1024).firstRange(of: Array("%PDF-".utf8)) != nil else { throw .malformed("缺少 %PDF- 文件头") }
        self.bytes = bytes
        startxref = try Self.lastStartxref(in: bytes)

        var locations: [Int: Location] = [:]
        var seen: Set<Int> = []
        var newest: (trailer: PDFDictionary, isStream: Bool)?
        var next: Int? = startxref
        while let sectionOffset = next {
            guard seen.insert(sectionOffset).inserted else { throw .malformed("交叉引用表的 /Prev 形成循环") }
            guard seen.count <= Self.maximumSections else { throw .malformed("交叉引用表超过 \(Self.maximumSections) 节") }
            let section = try Self.readSection(at: sectionOffset, in: bytes, into: &locations)
            // A hybrid file's table names its stream in /XRefStm; the stream's entries come after the table's.
            if !section.isStream, let streamOffset = section.trailer["XRefStm"]?.integer, seen.insert(streamOffset).inserted {
                _ = try Self.readSection(at: streamOffset, in: bytes, into: &locations)
            }
            if newest == nil { newest = section }
            next = section.trailer["Prev"]?.integer
        }
        guard let newest else { throw .malformed("没有 trailer") }
        trailer = newest.trailer
        usesXrefStream = newest.isStream
        self.locations = locations
    }

    /// The object `reference` points to; a stream object yields its dictionary.
    func object(_ reference: PDFReference) throws(PDFSealError) -> PDFObject {
        switch locations[reference.number] {
        case .offset(let offset):
            var lexer = try lexerAtObject(reference.number, offset: offset)
            return try lexer.object()
        case .compressed(let stream, let index):
            return try compressedObject(reference.number, stream: stream, index: index)
        case .free, nil:
            throw .malformed("找不到对象 \(reference.number) \(reference.generation) R")
        }
    }

    /// `value` itself, or the object it refers to.
    func resolve(_ value: PDFObject) throws(PDFSealError) -> PDFObject {
        guard case .reference(let reference) = value else { return value }
        return try object(reference)
    }

    /// A lexer just after `N G obj` of object `number` at `offset`.
    func lexerAtObject(_ number: Int, offset: Int) throws(PDFSealError) -> PDFLexer {
        try Self.lexerAtObject(number, offset: offset, in: bytes)
    }

    static func lexerAtObject(_ number: Int?, offset: Int, in bytes: [UInt8]) throws(PDFSealError) -> PDFLexer {
        guard offset >= 0, offset < bytes.count else { throw .malformed("对象 \(number ?? -1) 的偏移 \(offset) 超出文件长度") }
        var lexer = PDFLexer(bytes: bytes, position: offset)
        let found = try lexer.integer()
        _ = try lexer.integer()
        try lexer.expectKeyword("obj")
        if let number, found != number { throw .malformed("偏移 \(offset) 处是对象 \(found)，交叉引用表说是对象 \(number)") }
        return lexer
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

    /// Reads one section, a classic `xref … trailer << … >>` or a cross-reference stream; entries already known from
    /// a newer section win, and a free entry is kept so an older section cannot revive a deleted object.
    private static func readSection(
        at offset: Int, in bytes: [UInt8], into locations: inout [Int: Location]
    ) throws(PDFSealError) -> (
        trailer: PDFDictionary, isStream: Bool
    ) {
        guard offset >= 0, offset < bytes.count else { throw .malformed("交叉引用表的偏移 \(offset) 超出文件长度") }
        var lexer = PDFLexer(bytes: bytes, position: offset)
        let keyword = lexer.token()
        if Int(keyword) != nil {
            return (try readXrefStream(at: offset, in: bytes, into: &locations), true)
        }
        guard keyword == "xref" else { throw .malformed("startxref 指向的偏移 \(offset) 处不是交叉引用表") }
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
                if locations[first + index] == nil { locations[first + index] = kind == "n" ? .offset(objectOffset) : .free }
            }
        }
        guard case .dictionary(let trailer) = try lexer.object() else { throw .malformed("trailer 不是字典") }
        return (trailer, false)
    }
}
