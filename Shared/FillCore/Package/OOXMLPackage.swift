package import Foundation
package import TemplateKit

/// An Office package opened for editing: parts by name, XML parts parsed on demand and written back on `write()`.
///
/// Opening runs TemplateKit's hostile-upload checks (`OfficeArchive`: size, its strict zip reader, the declared-size
/// bomb guard, ZIPFoundation's agreement, every entry inflated under its declared size and CRC-checked) before
/// anything here reads the zip: the stored template was inspected at upload, but the fill must not trust storage
/// either. Parts are then inflated only when asked for (`ZipReading`); the others are copied compressed as they
/// came (`ZipWriting`).
/// Part names are compared case-insensitively, as OPC requires; new parts keep the case we give them.
package final class OOXMLPackage {
    private let source: [UInt8]
    /// Part names as stored, in the original order, then added parts.
    private var names: [String] = []
    /// Lower-cased name → name as stored.
    private var byKey: [String: String] = [:]
    /// The template's entries, copied unchanged unless replaced.
    private var originals: [String: ZipEntry] = [:]
    /// Inflated or new content.
    private var bytes: [String: Data] = [:]
    /// Parts whose content in `bytes` is new and must be written (set by `setData`).
    private var replaced: Set<String> = []
    /// Parsed parts; these are serialised on `write()` and win over everything else.
    private var documents: [String: XDocument] = [:]
    private var contentTypesDocument: ContentTypesEditor?

    package init(_ data: Data, limits: TemplateLimits) throws(FillError) {
        do {
            _ = try OfficeArchive(data, limits: limits)
        } catch {
            throw .templateInvalid(error.code, error.message)
        }
        source = [UInt8](data)
        for entry in try ZipReading.entries(source) {
            let key = entry.name.lowercased()
            guard byKey[key] == nil else { continue }
            names.append(entry.name)
            byKey[key] = entry.name
            originals[entry.name] = entry
        }
    }

    /// The stored spelling of `part`, if it exists.
    package func name(_ part: String) -> String? { byKey[part.lowercased()] }

    package func has(_ part: String) -> Bool { byKey[part.lowercased()] != nil }

    /// Every part name, in package order.
    package var partNames: [String] { names }

    /// The bytes of a part (serialising it first if it was parsed).
    package func data(_ part: String) throws(FillError) -> Data? {
        guard let name = name(part) else { return nil }
        if let document = documents[name] { return document.serialized() }
        if let content = bytes[name] { return content }
        guard let entry = originals[name] else { return nil }
        let content = try ZipReading.inflate(entry, in: source)
        bytes[name] = content
        return content
    }

    /// The parsed part, parsed once and shared: edits to it are written by `write()`.
    package func xml(_ part: String) throws(FillError) -> XDocument? {
        guard let name = name(part) else { return nil }
        if let document = documents[name] { return document }
        guard let content = try data(name) else { return nil }
        let document = try XDocument.parse(content, part: name)
        documents[name] = document
        return document
    }

    private func register(_ part: String) -> String {
        if let name = name(part) { return name }
        names.append(part)
        byKey[part.lowercased()] = part
        return part
    }

    /// Adds or replaces an XML part.
    package func setXML(_ part: String, _ document: XDocument) {
        documents[register(part)] = document
    }

    /// Adds or replaces a binary part.
    package func setData(_ part: String, _ content: Data) {
        let name = register(part)
        documents[name] = nil
        bytes[name] = content
        replaced.insert(name)
    }

    package func remove(_ part: String) {
        guard let name = name(part) else { return }
        byKey[part.lowercased()] = nil
        names.removeAll { $0 == name }
        originals[name] = nil
        bytes[name] = nil
        replaced.remove(name)
        documents[name] = nil
    }

    /// A part name not yet in the package: `stem` + 1, 2, … + `ext` ("word/media/fill" → "word/media/fill1.png").
    package func freshName(_ stem: String, ext: String) -> String {
        var counter = 1
        while has("\(stem)\(counter).\(ext)") { counter += 1 }
        return "\(stem)\(counter).\(ext)"
    }

    /// `[Content_Types].xml`, parsed on first use.
    package func contentTypes() throws(FillError) -> ContentTypesEditor {
        if let contentTypesDocument { return contentTypesDocument }
        guard let document = try xml(ContentTypesEditor.partName) else {
            throw .templateInvalid("TEMPLATE_MISSING_PART", "缺少 \(ContentTypesEditor.partName)")
        }
        let editor = ContentTypesEditor(document)
        contentTypesDocument = editor
        return editor
    }

    /// The relationships of `part` (an empty list, created on first change, when it has none).
    package func relationships(of part: String) throws(FillError) -> RelationshipsEditor {
        let relsName = PartName.relationships(of: part)
        if let document = try xml(relsName) { return RelationshipsEditor(document, source: part) }
        let document = XDocument(root: XElement("Relationships", attributes: [("xmlns", OOXML.packageRelationships)]))
        setXML(relsName, document)
        return RelationshipsEditor(document, source: part)
    }

    /// PNG and JPEG are compressed already: deflating them again costs much of a fill's time (three signatures, a
    /// seal and a QR code) and saves almost nothing, so they are stored.
    static func isCompressedMedia(_ name: String) -> Bool {
        let key = name.lowercased()
        return [".png", ".jpg", ".jpeg", ".gif"].contains { key.hasSuffix($0) }
    }

    /// The package as a zip: `[Content_Types].xml` first (as Office writes it), then every part in order.
    package func write() throws(FillError) -> Data {
        var writer = ZipWriting(capacity: source.count + bytes.values.reduce(0) { $0 + $1.count })
        let ordered = names.filter { $0 == ContentTypesEditor.partName } + names.filter { $0 != ContentTypesEditor.partName }
        for name in ordered {
            if let document = documents[name] {
                try writer.add(name: name, content: document.serializedBytes(), store: false)
            } else if replaced.contains(name), let content = bytes[name] {
                try writer.add(name: name, content: [UInt8](content), store: Self.isCompressedMedia(name))
            } else if let entry = originals[name] {
                writer.copy(entry, from: source)
            }
        }
        return try writer.finish()
    }
}
