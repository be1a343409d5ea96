import Foundation
import Testing
import ZIPFoundation

/// Minimal .docx packages written in the test: the parts Word itself needs (content types, package and document
/// relationships, body, optional headers/footers, section properties for A4), nothing else.
enum DocxFixture {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func make(
        body: String, headers: [String] = [], footers: [String] = [], styles: String? = nil,
        margins: String = #"w:top="1440" w:right="1200" w:bottom="1440" w:left="1200" w:header="720" w:footer="720""#,
        extraParts: [(String, Data)] = []
    ) throws -> Data {
        var overrides = [("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")]
        var relationships: [String] = []
        var extraParts = extraParts
        if let styles {
            overrides.append(("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"))
            relationships.append(
                #"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
            )
            extraParts.append(
                (
                    "word/styles.xml",
                    Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="\#(w)">\#(styles)</w:styles>"#.utf8)
                ))
        }
        var references = ""
        for (index, _) in headers.enumerated() {
            overrides.append(("/word/header\(index + 1).xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"))
            relationships.append(
                #"<Relationship Id="rIdH\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header\#(index + 1).xml"/>"#
            )
            references += #"<w:headerReference w:type="\#(index == 0 ? "default" : "first")" r:id="rIdH\#(index + 1)"/>"#
        }
        for (index, _) in footers.enumerated() {
            overrides.append(("/word/footer\(index + 1).xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"))
            relationships.append(
                #"<Relationship Id="rIdF\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer\#(index + 1).xml"/>"#
            )
            references += #"<w:footerReference w:type="\#(index == 0 ? "default" : "first")" r:id="rIdF\#(index + 1)"/>"#
        }
        let types =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
            + overrides.map { #"<Override PartName="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined() + "</Types>"
        let rootRels =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
        let documentRels =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + relationships.joined() + "</Relationships>"
        let document =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="\#(w)" xmlns:r="\#(r)"><w:body>"# + body
            + #"<w:sectPr>\#(references)<w:pgSz w:w="11906" w:h="16838"/><w:pgMar \#(margins) w:gutter="0"/></w:sectPr></w:body></w:document>"#
        var entries: [(String, Data)] = [
            ("[Content_Types].xml", Data(types.utf8)), ("_rels/.rels", Data(rootRels.utf8)), ("word/document.xml", Data(document.utf8)),
            ("word/_rels/document.xml.rels", Data(documentRels.utf8)),
        ]
        for (index, header) in headers.enumerated() {
            entries.append(
                (
                    "word/header\(index + 1).xml",
                    Data(#"<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="\#(w)" xmlns:r="\#(r)">\#(header)</w:hdr>"#.utf8)
                ))
        }
        for (index, footer) in footers.enumerated() {
            entries.append(
                (
                    "word/footer\(index + 1).xml",
                    Data(#"<?xml version="1.0" encoding="UTF-8"?><w:ftr xmlns:w="\#(w)" xmlns:r="\#(r)">\#(footer)</w:ftr>"#.utf8)
                ))
        }
        return try zip(entries + extraParts)
    }

    static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    /// Every entry of a zip, by name.
    static func entries(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive {
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            result[entry.path] = content
        }
        return result
    }
}

/// Shorthand for WordprocessingML snippets.
enum W {
    static func p(_ content: String, style: String = "") -> String { "<w:p>\(style.isEmpty ? "" : "<w:pPr>\(style)</w:pPr>")\(content)</w:p>" }
    static func r(_ text: String, _ rPr: String = "") -> String {
        "<w:r>\(rPr.isEmpty ? "" : "<w:rPr>\(rPr)</w:rPr>")<w:t xml:space=\"preserve\">\(text)</w:t></w:r>"
    }
    static func start(_ name: String, _ id: Int) -> String { #"<w:bookmarkStart w:id="\#(id)" w:name="\#(name)"/>"# }
    static func end(_ id: Int) -> String { #"<w:bookmarkEnd w:id="\#(id)"/>"# }
    /// A bookmark around `content` (runs).
    static func bookmark(_ name: String, _ id: Int, _ content: String) -> String { start(name, id) + content + end(id) }
    static func tc(_ content: String, width: Int = 2400) -> String {
        #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr>\#(content.hasPrefix("<w:p") ? content : p(content))</w:tc>"#
    }
    static func tr(_ cells: [String]) -> String { "<w:tr>" + cells.joined() + "</w:tr>" }
    static func table(_ rows: [String], widths: [Int]) -> String {
        #"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr><w:tblGrid>"#
            + widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>" + rows.joined() + "</w:tbl>"
    }
}

extension Data {
    /// The same zip with one part's content replaced.
    func replacingPart(_ name: String, with content: String) throws -> Data {
        var entries = try DocxFixture.entries(self).map { ($0.key, $0.value) }
        entries.removeAll { $0.0 == name }
        entries.append((name, Data(content.utf8)))
        return try DocxFixture.zip(entries.sorted { $0.0 < $1.0 })
    }
}
