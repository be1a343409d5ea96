import Foundation

/// A small non-validating XML parser that keeps the source's spelling (see `XElement`).
///
/// Why not Foundation's `XMLParser` (which TemplateKit uses to *read*): it resolves entities and namespaces and
/// reports no raw text, so writing a part back would mean re-inventing its namespace declarations and quoting; and
/// `XMLDocument` on Linux re-serialises the whole part in libxml2's style. Office parts are plain: UTF-8, no DTD,
/// the five predefined entities. What is refused, with TEMPLATE_FILL_XML_INVALID: a DOCTYPE or ENTITY (the same
/// screen as TemplateKit's `XMLGuard`), a non-UTF-8 encoding, mismatched or unclosed tags, nesting deeper than
/// `maxDepth` (so nothing here or in the fillers recurses without bound), and stray `<`/`&`-free garbage outside
/// the root. Everything is bounds-checked; malformed input throws, never traps.
enum XMLTreeParser {
    static let maxDepth = 256

    static func parse(_ data: Data, part: String) throws(FillError) -> XDocument {
        let bytes = [UInt8](data)
        var parser = Cursor(bytes: bytes, part: part)
        return try parser.document()
    }

    private struct Cursor {
        let bytes: [UInt8]
        let part: String
        var index = 0

        init(bytes: [UInt8], part: String) {
            self.bytes = bytes
            self.part = part
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        func fail(_ detail: String) -> FillError {
            // Line numbers help the author find it in a text editor.
            let line = bytes[0..<min(index, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            return .xmlInvalid(part, "第 \(line) 行附近：\(detail)")
        }

        func string(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

        func starts(with literal: StaticString, at position: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            return literal.withUTF8Buffer { buffer in
                for offset in 0..<count where bytes[position + offset] != buffer[offset] { return false }
                return true
            }
        }

        /// Index just past `terminator`, searching from `position`.
        func find(_ terminator: StaticString, from position: Int) -> Int? {
            let count = terminator.utf8CodeUnitCount
            var cursor = position
            while cursor + count <= bytes.count {
                if starts(with: terminator, at: cursor) { return cursor + count }
                cursor += 1
            }
            return nil
        }

        mutating func document() throws(FillError) -> XDocument {
            if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { throw fail("只接受 UTF-8 编码") }
            var prolog: [XContent] = []
            var epilog: [XContent] = []
            var root: XElement?
            var stack: [XElement] = []
            while index < bytes.count {
                if bytes[index] != 0x3C {
                    let start = index
                    while index < bytes.count && bytes[index] != 0x3C { index += 1 }
                    let text = string(start, index)
                    if let top = stack.last {
                        top.append(.text(text))
                    } else if text.allSatisfy(\.isWhitespace) {
                        (root == nil ? { prolog.append(.text(text)) } : { epilog.append(.text(text)) })()
                    } else {
                        throw fail("根元素之外有文字")
                    }
                    continue
                }
                if let raw = try special() {
                    if let top = stack.last {
                        top.append(.raw(raw))
                    } else if raw.hasPrefix("<![CDATA[") {
                        throw fail("根元素之外有 CDATA")
                    } else {
                        if raw.hasPrefix("<?xml "), let encoding = Self.encoding(raw), !["utf-8", "utf8"].contains(encoding.lowercased()) {
                            throw fail("只接受 UTF-8 编码（声明的是 \(encoding)）")
                        }
                        (root == nil ? { prolog.append(.raw(raw)) } : { epilog.append(.raw(raw)) })()
                    }
                    continue
                }
                if index + 1 < bytes.count && bytes[index + 1] == 0x2F {
                    let name = try endTag()
                    guard let top = stack.popLast() else { throw fail("多余的结束标签 </\(name)>") }
                    guard top.name == name else { throw fail("结束标签 </\(name)> 与 <\(top.name)> 不匹配") }
                    continue
                }
                let (element, selfClosing) = try startTag()
                if let top = stack.last {
                    top.append(.element(element))
                } else {
                    guard root == nil else { throw fail("有不止一个根元素") }
                    root = element
                }
                if !selfClosing {
                    guard stack.count < XMLTreeParser.maxDepth else { throw fail("元素嵌套超过 \(XMLTreeParser.maxDepth) 层") }
                    stack.append(element)
                }
            }
            guard stack.isEmpty else { throw fail("元素 <\(stack.last?.name ?? "")> 没有结束") }
            guard let root else { throw fail("没有根元素") }
            return XDocument(prolog: prolog, root: root, epilog: epilog)
        }

        /// Comment, processing instruction or CDATA at `index`, returned raw; nil when a tag starts here.
        mutating func special() throws(FillError) -> String? {
            let start = index
            let end: Int?
            if starts(with: "<?", at: index) {
                end = find("?>", from: index + 2)
            } else if starts(with: "<!--", at: index) {
                end = find("-->", from: index + 4)
            } else if starts(with: "<![CDATA[", at: index) {
                end = find("]]>", from: index + 9)
            } else if starts(with: "<!", at: index) {
                throw fail("不允许 DOCTYPE 或 ENTITY 声明")
            } else {
                return nil
            }
            guard let end else { throw fail("注释、处理指令或 CDATA 没有结束") }
            index = end
            return string(start, end)
        }

        mutating func endTag() throws(FillError) -> String {
            index += 2
            let start = index
            while index < bytes.count && !Self.isNameEnd(bytes[index]) { index += 1 }
            let name = string(start, index)
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3E, !name.isEmpty else { throw fail("结束标签格式错误") }
            index += 1
            return name
        }

        mutating func startTag() throws(FillError) -> (XElement, Bool) {
            index += 1
            let start = index
            while index < bytes.count && !Self.isNameEnd(bytes[index]) { index += 1 }
            guard index > start else { throw fail("标签缺少名称") }
            let name = string(start, index)
            let (prefix, local) = XElement.split(name)
            var attributes: [(name: String, raw: String)] = []
            while true {
                skipSpace()
                guard index < bytes.count else { throw fail("标签没有结束") }
                switch bytes[index] {
                case 0x3E:
                    index += 1
                    return (XElement(prefix: prefix, local: local, name: name, rawAttributes: attributes), false)
                case 0x2F:
                    guard index + 1 < bytes.count, bytes[index + 1] == 0x3E else { throw fail("标签格式错误") }
                    index += 2
                    return (XElement(prefix: prefix, local: local, name: name, rawAttributes: attributes), true)
                default:
                    let nameStart = index
                    while index < bytes.count && !Self.isNameEnd(bytes[index]) && bytes[index] != 0x3D { index += 1 }
                    let name = string(nameStart, index)
                    skipSpace()
                    guard !name.isEmpty, index < bytes.count, bytes[index] == 0x3D else { throw fail("属性格式错误") }
                    index += 1
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { throw fail("属性值缺少引号") }
                    let quote = bytes[index]
                    index += 1
                    let valueStart = index
                    while index < bytes.count && bytes[index] != quote {
                        if bytes[index] == 0x3C { throw fail("属性值中有 <") }
                        index += 1
                    }
                    guard index < bytes.count else { throw fail("属性值没有结束") }
                    guard !attributes.contains(where: { $0.name == name }) else { throw fail("属性 \(name) 重复") }
                    attributes.append((name: name, raw: string(valueStart, index)))
                    index += 1
                }
            }
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }

        static func isNameEnd(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x3E || byte == 0x2F || byte == 0x3C
        }

        /// The `encoding` pseudo-attribute of an XML declaration (a string search: this runs for every part).
        static func encoding(_ declaration: String) -> String? {
            guard let key = declaration.range(of: "encoding") else { return nil }
            var rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard rest.first == "=" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { return nil }
            return String(rest[..<end])
        }
    }
}
