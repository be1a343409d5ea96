import Foundation
import Testing

@testable import TemplateKit

/// Embedded OLE objects and altChunks (issue 14 §16): generated hostile packages, each refused with its own code,
/// whichever of part name, content type or relationship gives it away.
@Suite struct EmbeddedContentTests {
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let payload = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])  // a compound file's signature

    @Test(
        "OLE objects under word/ or xl/embeddings/, or named oleObject anywhere",
        arguments: [
            ("word/embeddings/oleObject1.bin", TemplateFormat.docx), ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", .docx),
            ("xl/embeddings/oleObject1.bin", .xlsx), ("customXml/oleObject7.bin", .docx),
        ])
    func refusedByPartName(part: String, format: TemplateFormat) throws {
        let data: Data
        if format == .docx {
            var fixture = DocxFixture.certificate
            fixture.extraParts = [(part, Self.payload)]
            data = try fixture.data()
        } else {
            var fixture = XlsxFixture.certificate
            fixture.extraParts = [(part, Self.payload)]
            data = try fixture.data()
        }
        let refused = rejection(data, format)
        #expect(refused?.code == "TEMPLATE_EMBEDDED_OBJECT")
        #expect(refused?.message.contains(part) == true)
    }

    @Test func refusedByContentTypeUnderAnInnocentName() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/media/image9.xml", Data("<x/>".utf8))]
        fixture.extraOverrides = [("word/media/image9.xml", "application/vnd.openxmlformats-officedocument.oleObject")]
        #expect(rejection(try fixture.data())?.code == "TEMPLATE_EMBEDDED_OBJECT")
    }

    @Test("refused by relationship type", arguments: ["oleObject", "package"])
    func refusedByRelationship(kind: String) throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/media/blob.xml", Data("<x/>".utf8))]
        fixture.documentRelationships = [(Self.rel + kind, "media/blob.xml", false)]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_EMBEDDED_OBJECT")
        #expect(refused?.message.contains("media/blob.xml") == true)
    }

    @Test func anAltChunkIsRefused() throws {
        var fixture = DocxFixture.certificate
        fixture.body += #"<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>"#
        fixture.extraParts = [("word/import.htm", Data("<html><body>伪造的证书内容</body></html>".utf8))]
        fixture.documentRelationships = [(Self.rel + "aFChunk", "import.htm", false)]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_ALT_CHUNK")
        #expect(refused?.message.contains("import.htm") == true)

        var named = DocxFixture.certificate
        named.extraParts = [("word/afchunk.mht", Data("MIME-Version: 1.0".utf8))]
        #expect(rejection(try named.data())?.code == "TEMPLATE_ALT_CHUNK")
    }

    @Test func picturesAndHyperlinksStillPass() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/media/image1.png", Data([0x89, 0x50, 0x4E, 0x47]))]
        fixture.documentRelationships = [(Self.rel + "image", "media/image1.png", false), (Self.rel + "hyperlink", "https://lab.example", true)]
        #expect(rejection(try fixture.data()) == nil)
    }

    @Test func inspectionInTheBackgroundGivesTheSameAnswers() async throws {
        let inspector = TemplateInspector()
        let accepted = try await inspector.inspectInBackground(try DocxFixture.certificate.data(), declared: .docx)
        #expect(accepted.bookmarks == (try inspector.inspect(try DocxFixture.certificate.data(), declared: .docx)).bookmarks)
        var hostile = DocxFixture.certificate
        hostile.extraParts = [("word/embeddings/oleObject1.bin", Self.payload)]
        do {
            _ = try await inspector.inspectInBackground(try hostile.data(), declared: .docx)
            Issue.record("expected TEMPLATE_EMBEDDED_OBJECT")
        } catch {
            #expect((error as? TemplateRejection)?.code == "TEMPLATE_EMBEDDED_OBJECT")
        }
    }
}
