import FillCore
import Foundation
import TemplateKit
import Testing

/// A filled package opened for assertions. Each part is parsed with FillCore's tree for convenient queries; that
/// parser is not the only judge: `checkReadable` also runs TemplateKit's inspector (Foundation's XMLParser on every
/// part, the zip checks) on the output.
struct FilledPackage {
    let entries: [String: Data]

    init(_ data: Data) throws {
        entries = try DocxFixture.entries(data)
    }

    func xml(_ part: String) throws -> XDocument {
        try XDocument.parse(try #require(entries[part], "part \(part) missing"), part: part)
    }

    func string(_ part: String) throws -> String { String(decoding: try #require(entries[part]), as: UTF8.self) }

    /// Every element with local name `local` in the part, in document order.
    func all(_ local: String, in part: String) throws -> [XElement] {
        try xml(part).root.descendants().filter { $0.local == local }
    }
}

extension XElement {
    /// Text of `w:t` descendants, with `w:br` as "\n" and `w:tab` as "\t", as Word would show it.
    var wordText: String {
        var result = ""
        for element in [self] + descendants() {
            switch element.local {
            case "t": result += element.textContent
            case "br": result += "\n"
            case "tab" where element.parent?.local == "r": result += "\t"
            default: break
            }
        }
        return result
    }

    func all(_ local: String) -> [XElement] { descendants().filter { $0.local == local } }
}

/// Runs TemplateKit's upload inspection on a filled file: the zip, every XML part through Foundation's parser.
func checkReadable(_ data: Data, _ format: TemplateFormat) throws -> TemplateInspection {
    try TemplateInspector().inspect(data, declared: format)
}
