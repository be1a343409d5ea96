import FillCore
import Foundation
import TemplateKit
import Testing
import WordFill

/// The spelling-preserving parser under the fillers: exact round trips, and refusals instead of traps.
@Suite struct XMLTreeTests {
    static let sample =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"
        + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="urn:mc" mc:Ignorable="w14"><!-- c --><w:body><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve"> a &amp; b &#x4E2D; &lt;x&gt; </w:t></w:r><w:r><w:t><![CDATA[<raw>]]></w:t></w:r></w:p><w:p/></w:body></w:document>"#

    @Test("parse then serialise without edits gives the same bytes (double-quoted attributes, empty elements as <a/>)")
    func roundTrip() throws {
        let data = Data(Self.sample.utf8)
        let document = try XDocument.parse(data, part: "word/document.xml")
        #expect(document.serialized() == data)
        #expect(document.root.descendants().filter { $0.local == "t" }.map(\.textContent) == [" a & b 中 <x> ", "<raw>"])
    }

    @Test("every truncation of a part is refused with TEMPLATE_FILL_XML_INVALID, never a trap")
    func truncations() {
        let bytes = Array(Self.sample.utf8)
        for length in 0..<bytes.count - 1 {
            do {
                _ = try XDocument.parse(Data(bytes[0..<length]), part: "p")
                Issue.record("truncated at \(length) accepted")
            } catch {
                #expect(error.code == "TEMPLATE_FILL_XML_INVALID")
            }
        }
    }

    @Test("nesting deeper than the limit is refused (no unbounded recursion anywhere)")
    func depth() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: FillError.self) { try XDocument.parse(Data(deep.utf8), part: "p") }
        let allowed = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect(throws: Never.self) { try XDocument.parse(Data(allowed.utf8), part: "p") }
    }

    @Test(
        "malformed markup is refused",
        arguments: ["<a></b>", "<a x=1/>", "<a x='1' x='2'/>", "<a/><b/>", "text<a/>", "<a>&</a", "<!DOCTYPE a><a/>", "<a x='<'/>"])
    func malformed(_ text: String) {
        #expect(throws: FillError.self) { try XDocument.parse(Data(text.utf8), part: "p") }
    }

    @Test("a document whose tool chose another prefix (ns0:) is filled with that prefix")
    func otherPrefix() throws {
        let body =
            #"<ns0:p><ns0:r><ns0:t>型号：</ns0:t></ns0:r><ns0:bookmarkStart ns0:id="1" ns0:name="model"/><ns0:r><ns0:t>«型号»</ns0:t></ns0:r><ns0:bookmarkEnd ns0:id="1"/></ns0:p>"#
        var template = try DocxFixture.make(body: W.p(W.r("x")))
        template = try template.replacingPart(
            "word/document.xml",
            with: #"<?xml version="1.0"?><ns0:document xmlns:ns0="\#(DocxFixture.w)"><ns0:body>\#(body)</ns0:body></ns0:document>"#)
        let filled = try WordFiller().fill(template: template, data: FillData(values: ["model": "A\nB"]))
        let xml = try FilledPackage(filled.data).string("word/document.xml")
        #expect(xml.contains(#"<ns0:r><ns0:t xml:space="preserve">A</ns0:t><ns0:br/><ns0:t xml:space="preserve">B</ns0:t></ns0:r>"#))
        #expect(!xml.contains("<w:"))
    }

    @Test("parts the fill does not touch are copied byte for byte")
    func untouchedParts() throws {
        let template = try CertificateExample.template()
        let filled = try WordFiller().fill(template: template, data: CertificateExample.data())
        let before = try DocxFixture.entries(template)
        let after = try DocxFixture.entries(filled.data)
        #expect(after["word/styles.xml"] == before["word/styles.xml"])
        #expect(after["_rels/.rels"] == before["_rels/.rels"])
    }

    @Test("the same template and data give the same bytes (fixed zip timestamps), and the zip reads back with ZIPFoundation")
    func deterministic() throws {
        let template = try CertificateExample.template()
        let first = try WordFiller().fill(template: template, data: CertificateExample.data()).data
        let second = try WordFiller().fill(template: template, data: CertificateExample.data()).data
        #expect(first == second)
        #expect(try DocxFixture.entries(first).count == DocxFixture.entries(template).count + 5)
    }

    @Test("fills running on several threads at once give the same document")
    func concurrent() async throws {
        let template = try CertificateExample.template()
        let filler = WordFiller()
        let reference = try filler.fill(template: template, data: CertificateExample.data())
        let referenceXML = try FilledPackage(reference.data).string("word/document.xml")
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try FilledPackage(try filler.fill(template: template, data: CertificateExample.data()).data).string("word/document.xml")
                }
            }
            for try await xml in group { #expect(xml == referenceXML) }
        }
    }
}
