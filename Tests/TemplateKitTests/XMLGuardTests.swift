import Foundation
import Testing

@testable import TemplateKit

/// The byte screen in front of the XML parser, and the parser wrapper itself.
@Suite struct XMLGuardTests {
    final class Counter: XMLEventHandler {
        var elements = 0
        func start(_ element: XMLElementStart) { elements += 1 }
        func end(namespace: String, name: String) {}
        func text(_ text: String) {}
    }

    @Test func findsDeclarationsCaseInsensitively() {
        #expect(XMLGuard.containsIgnoringASCIICase(Data("<a/><!doctype x>".utf8), "<!DOCTYPE"))
        #expect(XMLGuard.containsIgnoringASCIICase(Data("<!EnTiTy".utf8), "<!ENTITY"))
        #expect(!XMLGuard.containsIgnoringASCIICase(Data("<!-- DOCTYPE -->".utf8), "<!DOCTYPE"))
        #expect(!XMLGuard.containsIgnoringASCIICase(Data("<!DOCTYP".utf8), "<!DOCTYPE"))
    }

    @Test func readsTheDeclaredEncoding() {
        #expect(XMLGuard.declaredEncoding(Data(#"<?xml version="1.0" encoding='utf-8'?><a/>"#.utf8)) == "utf-8")
        #expect(XMLGuard.declaredEncoding(Data([0xEF, 0xBB, 0xBF]) + Data(#"<?xml version="1.0" encoding="GBK"?>"#.utf8)) == "GBK")
        #expect(XMLGuard.declaredEncoding(Data("<a/>".utf8)) == nil)
        #expect(throws: TemplateRejection.self) { try XMLGuard.screen(Data(#"<?xml version="1.0" encoding="GBK"?><a/>"#.utf8), part: "p.xml") }
    }

    @Test func parsesPartsLargerThanLibxml2sSingleChunkLimit() throws {
        // XMLParser(data:) on Linux fails anything over 10 000 000 bytes; the stream-fed parser must not.
        let body = (0..<240_000).map { "<w:p><w:r><w:t>检定数据 \($0)</w:t></w:r></w:p>" }.joined()
        let xml = OOXML.declaration + #"<w:document xmlns:w="\#(OOXML.w)"><w:body>"# + body + "</w:body></w:document>"
        let bytes = Data(xml.utf8)
        #expect(bytes.count > 10_000_000)
        let counter = Counter()
        try XMLEvents.parse(bytes, part: "word/document.xml", into: counter)
        #expect(counter.elements == 2 + 240_000 * 3)
    }

    @Test func reportsMismatchedTags() {
        #expect(throws: TemplateRejection.self) { try XMLEvents.parse(Data("<a><b></a>".utf8), part: "x.xml", into: Counter()) }
    }
}
