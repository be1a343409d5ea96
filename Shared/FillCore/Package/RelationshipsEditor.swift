/// One part's relationships (`…/_rels/<part>.rels`).
package struct RelationshipsEditor {
    package struct Relationship {
        package let id: String
        package let type: String
        package let target: String
        package let isExternal: Bool
    }

    let document: XDocument
    /// The part whose relationships these are; targets are relative to its folder.
    let source: String

    init(_ document: XDocument, source: String) {
        self.document = document
        self.source = source
    }

    package var all: [Relationship] {
        document.root.elements.filter { $0.local == "Relationship" }.map { element in
            Relationship(
                id: element.attribute("Id") ?? "", type: element.attribute("Type") ?? "", target: element.attribute("Target") ?? "",
                isExternal: element.attribute("TargetMode")?.lowercased() == "external")
        }
    }

    /// The part relationship `id` points to, resolved; nil when unknown or external.
    package func part(for id: String) -> String? {
        guard let relationship = all.first(where: { $0.id == id }), !relationship.isExternal else { return nil }
        return PartName.resolve(relationship.target, from: source)
    }

    /// Adds a relationship to `part` and returns its new id ("rIdFill1", … — never one in use).
    package func add(type: String, part: String) -> String {
        let used = Set(all.map(\.id))
        var counter = 1
        while used.contains("rIdFill\(counter)") { counter += 1 }
        let id = "rIdFill\(counter)"
        let prefix = document.root.prefix.isEmpty ? "" : "\(document.root.prefix):"
        document.root.append(
            .element(XElement("\(prefix)Relationship", attributes: [("Id", id), ("Type", type), ("Target", PartName.relative(part, from: source))])))
        return id
    }

    /// Removes every relationship of `type`; returns the parts they pointed to.
    package func remove(type: String) -> [String] {
        var removed: [String] = []
        for element in document.root.elements where element.local == "Relationship" && element.attribute("Type") == type {
            if let target = element.attribute("Target"), let part = PartName.resolve(target, from: source) { removed.append(part) }
            element.detach()
        }
        return removed
    }
}
