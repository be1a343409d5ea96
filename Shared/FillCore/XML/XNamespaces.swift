/// Which prefixes a part uses for a namespace. Authors' tools choose prefixes (`w:`, `ns0:`, a default namespace);
/// we find them from the `xmlns` declarations once per part and then compare prefixes, which is what makes element
/// tests cheap. A prefix bound to two different namespaces in one part is refused rather than guessed
/// (no Office application writes that).
package struct XNamespaces {
    private var byPrefix: [String: String] = [:]

    package init(_ document: XDocument, part: String) throws(FillError) {
        var conflict: String?
        func collect(_ element: XElement) -> Bool {
            for attribute in element.attributes where attribute.name.hasPrefix("xmlns") {
                let prefix: String
                if attribute.name == "xmlns" {
                    prefix = ""
                } else if attribute.name.hasPrefix("xmlns:") {
                    prefix = String(attribute.name.dropFirst(6))
                } else {
                    continue
                }
                let uri = XMLEscape.decode(attribute.raw)
                if let known = byPrefix[prefix], known != uri {
                    conflict = prefix
                    return false
                }
                byPrefix[prefix] = uri
            }
            return true
        }
        if collect(document.root) { document.root.forEachDescendant(collect) }
        if let conflict { throw .xmlInvalid(part, "前缀“\(conflict)”先后绑定了两个不同的命名空间") }
    }

    /// Every prefix bound to one of `uris`.
    package func prefixes(_ uris: Set<String>) -> Set<String> {
        Set(byPrefix.filter { uris.contains($0.value) }.keys)
    }

    /// A prefix for `uri` usable anywhere in the part: one declared on the root, or `preferred` (or `preferred2`…)
    /// newly declared on the root.
    package mutating func ensure(_ uri: String, preferred: String, in document: XDocument) -> String {
        let root = document.root
        for attribute in root.attributes where attribute.name.hasPrefix("xmlns:") && XMLEscape.decode(attribute.raw) == uri {
            return String(attribute.name.dropFirst(6))
        }
        var prefix = preferred
        var counter = 2
        while byPrefix[prefix] != nil {
            prefix = "\(preferred)\(counter)"
            counter += 1
        }
        root.setAttribute("xmlns:\(prefix)", uri)
        byPrefix[prefix] = uri
        return prefix
    }
}

/// Namespace URIs the fillers write or look for. Strict Open XML spellings are accepted when reading.
package enum OOXML {
    package static let wordprocessing: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    package static let spreadsheet: Set<String> = [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ]
    package static let officeRelationships: Set<String> = [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ]
    package static let relationshipsURI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    package static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    package static let drawingML = "http://schemas.openxmlformats.org/drawingml/2006/main"
    package static let picture = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    package static let wordDrawing = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    package static let spreadsheetDrawing = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

    package static let imageRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    package static let drawingRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
    package static let calcChainRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
    package static let pngContentType = "image/png"
    package static let drawingContentType = "application/vnd.openxmlformats-officedocument.drawing+xml"

    /// EMU per millimetre (DrawingML measures in English Metric Units: 914 400 per inch).
    package static let emuPerMM = 36_000.0
}
