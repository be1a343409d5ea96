import Foundation
import ZIPFoundation

/// Minimal real .docx files built in memory, with the bookmarks a template author would set.
enum OfficeFixtures {
    static func docx(bookmarks: [String], macro: Bool = false) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """)
        try add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        let paragraphs = bookmarks.enumerated().map { index, name in
            // Word splits text across runs; the bookmark wraps them all.
            #"<w:p><w:bookmarkStart w:id="\#(index)" w:name="\#(name)"/><w:r><w:t>【</w:t></w:r><w:r><w:t>\#(name)】</w:t></w:r><w:bookmarkEnd w:id="\#(index)"/></w:p>"#
        }.joined()
        try add(
            "word/document.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(paragraphs)</w:body></w:document>
            """)
        if macro { try add("word/vbaProject.bin", "not really a macro") }
        guard let data = archive.data else { throw TestFailure("the archive has no data") }
        return data
    }
}
