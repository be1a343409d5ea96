/// External relationships make Office fetch something when the file is opened: a remote template (the classic
/// "template injection"), a linked picture or OLE object, a file:// or \\server path that leaks the viewer's Windows
/// credentials. A certificate template has no business doing any of that, so every external relationship is refused
/// except a hyperlink to http(s) or mailto, which only acts when clicked (a lab may link its website). Linked
/// workbooks and DDE (xl/externalLinks) are refused too; DDE/INCLUDE field codes in Word are found by
/// `WordBookmarkScanner`.
enum ExternalLinkPolicy {
    static let allowedHyperlinkSchemes: Set<String> = ["http", "https", "mailto"]

    static func check(_ package: OfficePackage) throws(TemplateRejection) {
        for entry in package.entries {
            if entry.key.hasPrefix("xl/externallinks/") && !entry.isDirectory {
                throw .externalLink(entry.name, "引用外部工作簿或 DDE 链接")
            }
        }
        for entry in package.entries where entry.key.hasSuffix(".rels") && !entry.isDirectory {
            let handler = RelationshipsHandler()
            try package.parse(entry, into: handler)
            guard handler.sawRoot else { throw .xmlInvalid(entry.name, "根元素不是关系清单（Relationships）") }
            for relationship in handler.relationships {
                if let problem = problem(relationship) { throw .externalLink(entry.name, problem) }
            }
        }
    }

    /// Why a relationship is refused, or nil.
    static func problem(_ relationship: Relationship) -> String? {
        let kind = relationship.type.split(separator: "/").last.map(String.init) ?? relationship.type
        let target = ZipEntryName.display(relationship.target)
        if kind.lowercased() == "attachedtemplate" { return "附加了模板 \(target)（打开时会加载外部模板）" }
        guard relationship.isExternal else { return nil }
        if kind.lowercased() == "hyperlink" {
            let scheme = relationship.target.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            if relationship.target.contains(":") && allowedHyperlinkSchemes.contains(scheme) { return nil }
            return "超链接指向 \(target)（只允许 http、https 或 mailto）"
        }
        return "\(kind) 关系指向外部地址 \(target)"
    }
}

struct Relationship: Hashable {
    let type: String
    let target: String
    let isExternal: Bool
}

final class RelationshipsHandler: XMLEventHandler {
    var relationships: [Relationship] = []
    var sawRoot = false

    func start(_ element: XMLElementStart) {
        guard element.namespace == OOXMLNamespaces.relationships else { return }
        if element.name == "Relationships" { sawRoot = true }
        guard element.name == "Relationship" else { return }
        let mode = element.attribute("TargetMode") ?? "Internal"
        relationships.append(
            Relationship(
                type: element.attribute("Type") ?? "", target: element.attribute("Target") ?? "",
                isExternal: mode.lowercased() == "external"))
    }

    func end(namespace: String, name: String) {}
    func text(_ text: String) {}
}
