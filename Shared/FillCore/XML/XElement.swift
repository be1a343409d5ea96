/// An element of a part being edited. Text and attribute values are kept as written (still escaped), so everything
/// the fill does not touch is written back byte for byte (except that attribute values are always double-quoted and
/// an element without children is written `<a/>`): Office tolerates our edits, but not a serializer's opinions
/// about namespace declarations, `mc:Ignorable` prefixes or whitespace.
package final class XElement {
    /// "" when the name has no prefix.
    package let prefix: String
    package let local: String
    /// As written: "w:p".
    package let name: String
    /// In written order; values escaped as in the file.
    package var attributes: [(name: String, raw: String)]
    package private(set) var children: [XContent] = []
    /// Unowned rather than weak: a weak reference gives every element a side table and makes each retain and
    /// release of a parent take the slow path (measured: a fifth of a fill's time). Safe because the pointer is
    /// only ever nil or the live parent: removing a child clears it, and a parent clears its children's in deinit.
    package private(set) unowned(safe) var parent: XElement?

    package init(_ name: String, attributes: [(String, String)] = [], children: [XContent] = []) {
        (prefix, local) = Self.split(name)
        self.name = name
        self.attributes = attributes.map { (name: $0.0, raw: XMLEscape.attribute($0.1)) }
        for child in children { append(child) }
    }

    init(prefix: String, local: String, name: String, rawAttributes: [(name: String, raw: String)]) {
        self.prefix = prefix
        self.local = local
        self.name = name
        self.attributes = rawAttributes
    }

    deinit {
        for case .element(let element) in children { element.parent = nil }
    }

    // MARK: Attributes

    /// The unescaped value of attribute `name` (qualified as written, e.g. "w:id").
    package func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name { return XMLEscape.decode(attribute.raw) }
        return nil
    }

    /// The value of the attribute whose local name is `local` with any prefix in `prefixes` ("" = unprefixed).
    package func attribute(local: String, prefixes: Set<String>) -> String? {
        for attribute in attributes where attribute.name.hasSuffix(local) {
            let (prefix, name) = Self.split(attribute.name)
            if name == local && prefixes.contains(prefix) { return XMLEscape.decode(attribute.raw) }
        }
        return nil
    }

    package func setAttribute(_ name: String, _ value: String) {
        let raw = XMLEscape.attribute(value)
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].raw = raw
        } else {
            attributes.append((name: name, raw: raw))
        }
    }

    package func removeAttribute(_ name: String) { attributes.removeAll { $0.name == name } }

    static func split(_ name: String) -> (prefix: String, local: String) {
        guard let colon = name.firstIndex(of: ":") else { return ("", name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    // MARK: Children

    package func append(_ child: XContent) {
        if case .element(let element) = child { element.parent = self }
        children.append(child)
    }

    package func insert(_ child: XContent, at index: Int) {
        if case .element(let element) = child { element.parent = self }
        children.insert(child, at: index)
    }

    package func insert(_ elements: [XElement], at index: Int) {
        for element in elements { element.parent = self }
        children.insert(contentsOf: elements.map(XContent.element), at: index)
    }

    package func removeChild(at index: Int) {
        if case .element(let element) = children[index] { element.parent = nil }
        children.remove(at: index)
    }

    package func removeAllChildren() {
        for case .element(let element) in children { element.parent = nil }
        children.removeAll()
    }

    /// Position of `element` among the children, by identity.
    package func index(of element: XElement) -> Int? {
        children.firstIndex { if case .element(let child) = $0 { child === element } else { false } }
    }

    /// Removes this element from its parent.
    package func detach() {
        guard let parent, let index = parent.index(of: self) else { return }
        parent.removeChild(at: index)
    }

    /// Element children only.
    package var elements: [XElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The first child element with local name `local` and a prefix in `prefixes`.
    package func child(_ local: String, _ prefixes: Set<String>) -> XElement? {
        for case .element(let element) in children where element.local == local && prefixes.contains(element.prefix) { return element }
        return nil
    }

    package func `is`(_ local: String, _ prefixes: Set<String>) -> Bool { self.local == local && prefixes.contains(prefix) }

    /// Every descendant element in document order (pre-order), without recursion.
    package func descendants() -> [XElement] {
        var result: [XElement] = []
        var stack: [(XElement, Int)] = [(self, 0)]
        while let popped = stack.popLast() {
            let element = popped.0
            var index = popped.1
            while index < element.children.count {
                let child = element.children[index]
                index += 1
                if case .element(let inner) = child {
                    result.append(inner)
                    stack.append((element, index))
                    stack.append((inner, 0))
                    break
                }
            }
        }
        return result
    }

    /// Calls `body` for every descendant element in document order (pre-order), without recursion or an array of
    /// all of them; `body` returns false to stop.
    package func forEachDescendant(_ body: (XElement) -> Bool) {
        walk(from: nil, body)
    }

    /// Calls `body` for every element after `start` in document order (pre-order) inside this element: `start`'s own
    /// descendants first, then what follows it. With `start` nil, from the beginning. `body` returns false to stop.
    /// Finding a bookmark's end this way costs the bookmark's length, not the document's.
    package func walk(from start: XElement?, _ body: (XElement) -> Bool) {
        var stack: [(element: XElement, next: Int)] = []
        if let start {
            // The path from here down to `start`, each frame positioned after the child on the path.
            var path: [(XElement, Int)] = []
            var child = start
            while child !== self {
                guard let parent = child.parent, let index = parent.index(of: child) else { return }
                path.append((parent, index + 1))
                child = parent
            }
            stack = path.reversed().map { (element: $0.0, next: $0.1) }
            stack.append((start, 0))
        } else {
            stack.append((self, 0))
        }
        while let top = stack.last {
            guard top.next < top.element.children.count else {
                stack.removeLast()
                continue
            }
            let child = top.element.children[top.next]
            stack[stack.count - 1].next += 1
            if case .element(let element) = child {
                guard body(element) else { return }
                stack.append((element, 0))
            }
        }
    }

    /// Ancestors from the parent up.
    package var ancestors: [XElement] {
        var result: [XElement] = []
        var current = parent
        while let element = current {
            result.append(element)
            current = element.parent
        }
        return result
    }

    /// A deep copy (no parent), without recursion.
    package func clone() -> XElement {
        let copy = XElement(prefix: prefix, local: local, name: name, rawAttributes: attributes)
        var stack: [(XElement, XElement)] = [(self, copy)]
        while let (source, target) = stack.popLast() {
            for child in source.children {
                switch child {
                case .element(let element):
                    let inner = XElement(prefix: element.prefix, local: element.local, name: element.name, rawAttributes: element.attributes)
                    target.append(.element(inner))
                    stack.append((element, inner))
                case .text, .raw:
                    target.append(child)
                }
            }
        }
        return copy
    }

    /// The unescaped text of all descendant text nodes, in document order.
    package var textContent: String {
        var result = ""
        // Pre-order with an explicit stack, children pushed in reverse so text comes out in document order.
        var pending: [XContent] = children.reversed()
        while let item = pending.popLast() {
            switch item {
            case .text(let raw): result += XMLEscape.decode(raw)
            case .raw(let raw):
                if raw.hasPrefix("<![CDATA[") && raw.hasSuffix("]]>") { result += raw.dropFirst(9).dropLast(3) }
            case .element(let element): pending.append(contentsOf: element.children.reversed())
            }
        }
        return result
    }
}

/// One child of an element.
package enum XContent {
    case element(XElement)
    /// Character data as written (escaped).
    case text(String)
    /// A comment, processing instruction or CDATA section, as written.
    case raw(String)

    /// A text node holding `text`, escaped.
    package static func plain(_ text: String) -> XContent { .text(XMLEscape.text(text)) }
}
