package import Foundation

/// One XML part: what comes before the root (declaration, comments) and the root element.
package final class XDocument {
    package var prolog: [XContent]
    package var root: XElement
    package var epilog: [XContent]

    package init(prolog: [XContent] = [.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#), .text("\n")], root: XElement) {
        self.prolog = prolog
        self.root = root
        self.epilog = []
    }

    init(prolog: [XContent], root: XElement, epilog: [XContent]) {
        self.prolog = prolog
        self.root = root
        self.epilog = epilog
    }

    /// Parses `data`; see `XMLTreeParser` for what is refused.
    package static func parse(_ data: Data, part: String) throws(FillError) -> XDocument {
        try XMLTreeParser.parse(data, part: part)
    }

    /// The part's bytes: UTF-8, everything not edited as it was read.
    package func serialized() -> Data { Data(serializedBytes()) }

    package func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * 1024)
        for item in prolog { Self.write(item, into: &out) }
        Self.write(root, into: &out)
        for item in epilog { Self.write(item, into: &out) }
        return out
    }

    private static func write(_ content: XContent, into out: inout [UInt8]) {
        switch content {
        case .text(let raw), .raw(let raw): out.append(contentsOf: raw.utf8)
        case .element(let element): write(element, into: &out)
        }
    }

    /// Without recursion: a stack of (element, next child index); depth is bounded by the parser anyway.
    private static func write(_ root: XElement, into out: inout [UInt8]) {
        var stack: [(XElement, Int)] = []
        openTag(root, into: &out)
        if root.children.isEmpty { return }
        stack.append((root, 0))
        while let popped = stack.popLast() {
            let element = popped.0
            var index = popped.1
            var descended = false
            while index < element.children.count {
                let child = element.children[index]
                index += 1
                switch child {
                case .text(let raw), .raw(let raw): out.append(contentsOf: raw.utf8)
                case .element(let inner):
                    openTag(inner, into: &out)
                    if !inner.children.isEmpty {
                        stack.append((element, index))
                        stack.append((inner, 0))
                        descended = true
                    }
                }
                if descended { break }
            }
            if !descended {
                out.append(contentsOf: Array("</".utf8))
                out.append(contentsOf: element.name.utf8)
                out.append(0x3E)
            }
        }
    }

    /// `<name a="v">`, or `<name a="v"/>` when the element has no children.
    private static func openTag(_ element: XElement, into out: inout [UInt8]) {
        out.append(0x3C)
        out.append(contentsOf: element.name.utf8)
        for attribute in element.attributes {
            out.append(0x20)
            out.append(contentsOf: attribute.name.utf8)
            out.append(contentsOf: [0x3D, 0x22])
            // Values read from single-quoted attributes may hold a bare `"`; re-escape only then.
            if attribute.raw.utf8.contains(0x22) {
                out.append(contentsOf: attribute.raw.replacingOccurrences(of: "\"", with: "&quot;").utf8)
            } else {
                out.append(contentsOf: attribute.raw.utf8)
            }
            out.append(0x22)
        }
        if element.children.isEmpty {
            out.append(contentsOf: [0x2F, 0x3E])
        } else {
            out.append(0x3E)
        }
    }
}
