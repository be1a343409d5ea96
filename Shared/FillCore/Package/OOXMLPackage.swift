package import Foundation
package import TemplateKit
import ZIPFoundation

/// An Office package opened for editing: parts by name, XML parts parsed on demand and written back on `write()`.
///
/// Opening runs TemplateKit's hostile-upload checks (`OfficeArchive`: size, our strict zip reader, the declared-size
/// bomb guard, ZIPFoundation's agreement, every entry inflated under its declared size and CRC-checked) before
/// ZIPFoundation extracts anything: the stored template was inspected at upload, but the fill must not trust storage
/// either, and ZIPFoundation alone traps on some malformed archives (see TemplateKit's `ZipDirectory`).
/// Part names are compared case-insensitively, as OPC requires; new parts keep the case we give them.
package final class OOXMLPackage {
    /// Lower-cased name → name as stored, in the original order, then added parts.
    private var names: [String] = []
    private var byKey: [String: String] = [:]
    private var bytes: [String: Data] = [:]
    /// Parsed parts; these are serialised on `write()` and win over `bytes`.
    private var documents: [String: XDocument] = [:]
    private var contentTypesDocument: ContentTypesEditor?

    package init(_ data: Data, limits: TemplateLimits) throws(FillError) {
        do {
            _ = try OfficeArchive(data, limits: limits)
        } catch {
            throw .templateInvalid(error.code, error.message)
        }
        do {
            let archive = try Archive(data: data, accessMode: .read)
            for entry in archive where entry.type == .file {
                var content = Data()
                content.reserveCapacity(Int(entry.uncompressedSize))
                _ = try archive.extract(entry, skipCRC32: true) { content.append($0) }
                add(entry.path, content)
            }
        } catch {
            throw .templateInvalid("TEMPLATE_NOT_ZIP", "压缩包读取失败")
        }
    }

    private func add(_ name: String, _ content: Data) {
        let key = name.lowercased()
        if byKey[key] == nil {
            names.append(name)
            byKey[key] = name
        }
        bytes[byKey[key] ?? name] = content
    }

    /// The stored spelling of `part`, if it exists.
    package func name(_ part: String) -> String? { byKey[part.lowercased()] }

    package func has(_ part: String) -> Bool { byKey[part.lowercased()] != nil }

    /// Every part name, in package order.
    package var partNames: [String] { names }

    /// The raw bytes of a part (serialising it first if it was parsed).
    package func data(_ part: String) -> Data? {
        guard let name = name(part) else { return nil }
        if let document = documents[name] { return document.serialized() }
        return bytes[name]
    }

    /// The parsed part, parsed once and shared: edits to it are written by `write()`.
    package func xml(_ part: String) throws(FillError) -> XDocument? {
        guard let name = name(part) else { return nil }
        if let document = documents[name] { return document }
        guard let content = bytes[name] else { return nil }
        let document = try XDocument.parse(content, part: name)
        documents[name] = document
        return document
    }

    /// Adds or replaces an XML part.
    package func setXML(_ part: String, _ document: XDocument) {
        let name = name(part) ?? part
        if self.name(part) == nil { add(part, Data()) }
        documents[name] = document
    }

    /// Adds or replaces a binary part.
    package func setData(_ part: String, _ content: Data) {
        let name = name(part) ?? part
        documents[name] = nil
        add(name, content)
    }

    package func remove(_ part: String) {
        guard let name = name(part) else { return }
        byKey[part.lowercased()] = nil
        names.removeAll { $0 == name }
        bytes[name] = nil
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

    /// The package as a zip: `[Content_Types].xml` first (as Office writes it), then every part in order, deflated.
    package func write() throws(FillError) -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            let ordered = names.sorted { ($0 == ContentTypesEditor.partName ? 0 : 1) < ($1 == ContentTypesEditor.partName ? 0 : 1) }
            for name in ordered {
                let content = documents[name]?.serialized() ?? bytes[name] ?? Data()
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { position, size in
                    content.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw FillError.tooLarge("无法生成压缩包") }
            return data
        } catch let error as FillError {
            throw error
        } catch {
            throw .tooLarge("无法生成压缩包：\(error)")
        }
    }
}
