/// `[Content_Types].xml`: registers what the fill adds (png by extension, drawings by part name) and forgets what
/// it removes (calcChain).
package struct ContentTypesEditor {
    package static let partName = "[Content_Types].xml"

    let document: XDocument

    init(_ document: XDocument) {
        self.document = document
    }

    private var root: XElement { document.root }

    /// Adds `<Default Extension=… ContentType=…/>` unless the extension already has a type.
    package func ensureDefault(extension ext: String, type: String) {
        let known = root.elements.contains { $0.local == "Default" && $0.attribute("Extension")?.lowercased() == ext.lowercased() }
        guard !known else { return }
        // Defaults come before Overrides in Office's own files; either order is valid.
        let position = root.children.firstIndex { if case .element(let element) = $0 { element.local == "Override" } else { false } }
        let element = XElement(qualified("Default"), attributes: [("Extension", ext), ("ContentType", type)])
        root.insert(.element(element), at: position ?? root.children.count)
    }

    package func setOverride(part: String, type: String) {
        removeOverride(part: part)
        root.append(.element(XElement(qualified("Override"), attributes: [("PartName", "/" + part), ("ContentType", type)])))
    }

    package func removeOverride(part: String) {
        let wanted = "/" + part.lowercased()
        while let index = root.children.firstIndex(where: {
            if case .element(let element) = $0 { element.local == "Override" && element.attribute("PartName")?.lowercased() == wanted } else { false }
        }) {
            root.removeChild(at: index)
        }
    }

    /// New elements take the root's prefix (normally none: the namespace is the default one).
    private func qualified(_ local: String) -> String { root.prefix.isEmpty ? local : "\(root.prefix):\(local)" }
}
