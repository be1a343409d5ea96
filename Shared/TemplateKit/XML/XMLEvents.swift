import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses one part with Foundation's `XMLParser` and hands the scanners namespace-resolved events.
///
/// Why a real parser rather than a regex over `<w:bookmarkStart`: the prefix is the author's tool's choice (`w:`,
/// `ns0:`, a default namespace), attributes come in any order, names contain entities (`&amp;`), and text can be
/// CDATA; a parser gets all of that right and also gives us the well-formedness check behind TEMPLATE_XML_INVALID.
/// It only ever sees bytes that passed `XMLGuard` (no DOCTYPE, UTF-8), and entity resolution is off as well.
enum XMLEvents {
    static func parse(_ bytes: Data, part: String, into handler: some XMLEventHandler) throws(TemplateRejection) {
        try XMLGuard.screen(bytes, part: part)
        // Fed as a stream, not `XMLParser(data:)`: on Linux that hands libxml2 the whole part as one push chunk, and
        // libxml2 (without XML_PARSE_HUGE) then fails any part over 10 000 000 bytes, well below our 20 MiB cap.
        let parser = XMLParser(stream: InputStream(data: bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        let delegate = XMLEventDelegate(handler)
        parser.delegate = delegate
        // On Linux `parse()` can return true and still leave an error behind (seen with mismatched tags).
        let succeeded = parser.parse()
        guard succeeded, parser.parserError == nil else {
            throw .xmlInvalid(part, "第 \(max(parser.lineNumber, 1)) 行附近格式错误")
        }
    }
}

/// Receives the events of `XMLEvents.parse`.
protocol XMLEventHandler: AnyObject {
    func start(_ element: XMLElementStart)
    func end(namespace: String, name: String)
    func text(_ text: String)
}

/// An element's namespace URI, local name and attributes keyed by namespace URI ("" for none) and local name.
struct XMLElementStart {
    let namespace: String
    let name: String
    let attributes: [XMLQualifiedName: String]

    /// The attribute `name` in `namespace`, falling back to an unqualified one (some generators omit the prefix).
    func attribute(_ name: String, in namespace: String = "") -> String? {
        attributes[XMLQualifiedName(namespace: namespace, name: name)] ?? attributes[XMLQualifiedName(namespace: "", name: name)]
    }
}

struct XMLQualifiedName: Hashable {
    let namespace: String
    let name: String
}

/// Tracks prefix → namespace bindings (XMLParser reports attributes by their written prefix) and forwards events.
final class XMLEventDelegate<Handler: XMLEventHandler>: NSObject, XMLParserDelegate {
    private let handler: Handler
    private var bindings: [String: [String]] = ["xml": ["http://www.w3.org/XML/1998/namespace"]]

    init(_ handler: Handler) {
        self.handler = handler
    }

    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        bindings[prefix, default: []].append(namespaceURI)
    }

    func parser(_ parser: XMLParser, didEndMappingPrefix prefix: String) {
        _ = bindings[prefix]?.popLast()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        var attributes: [XMLQualifiedName: String] = [:]
        for (key, value) in attributeDict {
            let parts = key.split(separator: ":", maxSplits: 1)
            let qualified =
                parts.count == 2
                ? XMLQualifiedName(namespace: bindings[String(parts[0])]?.last ?? String(parts[0]), name: String(parts[1]))
                : XMLQualifiedName(namespace: "", name: key)
            attributes[qualified] = value
        }
        handler.start(XMLElementStart(namespace: namespaceURI ?? "", name: localName(elementName), attributes: attributes))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        handler.end(namespace: namespaceURI ?? "", name: localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        handler.text(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        handler.text(String(decoding: CDATABlock, as: UTF8.self))
    }

    /// Defensive: with namespace processing the name is already local.
    private func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }
}
