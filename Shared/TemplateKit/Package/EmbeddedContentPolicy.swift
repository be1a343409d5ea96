/// No embedded foreign content in a template. An OLE object (`word/embeddings/oleObject1.bin`, an embedded workbook or
/// package) is another program's file that Office hands to that program when it is opened: an executable payload,
/// and content that is neither inspected here nor filled in by the platform. An `altChunk` (`w:altChunk`, through an
/// `aFChunk` relationship) imports a whole other document (HTML, RTF, another .docx) into the body when Word opens
/// it, so what is printed on a certificate would not be what was checked. Refused by part name before anything is
/// inflated, by content type, and by relationship type, since each alone can be renamed around.
enum EmbeddedContentPolicy {
    static func checkNames(_ entries: [ZipEntryRecord]) throws(TemplateRejection) {
        for entry in entries where !entry.isDirectory {
            let key = entry.key
            let file = key.split(separator: "/").last.map(String.init) ?? key
            let shown = ZipEntryName.display(entry.name)
            if key.hasPrefix("word/embeddings/") || key.hasPrefix("xl/embeddings/") || file.hasPrefix("oleobject") {
                throw .embeddedObject("含有嵌入对象 \(shown)")
            }
            if file.hasPrefix("afchunk") { throw .altChunk("含有外部文档块 \(shown)") }
        }
    }

    static func checkContentTypes(_ types: ContentTypes) throws(TemplateRejection) {
        for type in types.allTypes where type.lowercased().contains("oleobject") {
            throw .embeddedObject("含有内容类型 \(type)")
        }
    }

    /// Relationship types (the last path component, lower-cased) that point at embedded content.
    static let embeddedKinds: Set<String> = ["oleobject", "package"]

    static func check(_ package: OfficePackage) throws(TemplateRejection) {
        for entry in package.entries where entry.key.hasSuffix(".rels") && !entry.isDirectory {
            let handler = RelationshipsHandler()
            try package.parse(entry, into: handler)
            for relationship in handler.relationships {
                let kind = (relationship.type.split(separator: "/").last.map(String.init) ?? relationship.type).lowercased()
                let target = ZipEntryName.display(relationship.target)
                if embeddedKinds.contains(kind) { throw .embeddedObject("\(ZipEntryName.display(entry.name)) 引用了嵌入对象 \(target)") }
                if kind == "afchunk" { throw .altChunk("\(ZipEntryName.display(entry.name)) 引用了外部文档块 \(target)") }
            }
        }
    }
}
