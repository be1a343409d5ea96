import Foundation
import Testing

@testable import TemplateKit

/// Refusals decided by the package's parts: what it is, macros, entities, links, well-formedness.
@Suite struct PackagePolicyTests {
    func without(_ part: String, _ fixture: DocxFixture = .certificate) throws -> Data {
        try ZipBuilder.make(fixture.parts.filter { $0.0 != part })
    }

    @Test func refusesMissingParts() throws {
        let noTypes = rejection(try without("[Content_Types].xml"))
        #expect(noTypes?.code == "TEMPLATE_MISSING_PART")
        #expect(noTypes?.message.contains("[Content_Types].xml") == true)
        let noDocument = rejection(try without("word/document.xml"))
        #expect(noDocument?.code == "TEMPLATE_MISSING_PART")
        #expect(noDocument?.message.contains("word/document.xml") == true)
        let noWorkbook = rejection(try ZipBuilder.make(XlsxFixture.certificate.parts.filter { $0.0 != "xl/workbook.xml" }), .xlsx)
        #expect(noWorkbook?.code == "TEMPLATE_MISSING_PART")
    }

    @Test func refusesAWorkbookUploadedAsADocumentAndViceVersa() throws {
        let workbookAsDocument = rejection(try XlsxFixture.certificate.data(), .docx)
        #expect(workbookAsDocument?.code == "TEMPLATE_WRONG_FORMAT")
        #expect(workbookAsDocument?.message.contains("Excel") == true)
        #expect(rejection(try DocxFixture.certificate.data(), .xlsx)?.code == "TEMPLATE_WRONG_FORMAT")
    }

    @Test func refusesAMainPartRegisteredAsAnotherType() throws {
        var fixture = DocxFixture.certificate
        fixture.mainContentType = OOXML.xlsxMain
        #expect(rejection(try fixture.data())?.code == "TEMPLATE_WRONG_FORMAT")
        fixture.mainContentType = "application/xml"
        #expect(rejection(try fixture.data())?.code == "TEMPLATE_WRONG_FORMAT")
    }

    @Test func acceptsWordAndExcelTemplates() throws {
        var fixture = DocxFixture.certificate
        fixture.mainContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
        #expect(rejection(try fixture.data()) == nil)
    }

    @Test func refusesAVBAProjectAnywhere() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("customXml/vbaProject.bin", Data([1, 2, 3]))]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_MACROS")
        #expect(refused?.message.contains("vbaProject.bin") == true)
    }

    @Test func refusesAMacroEnabledDocumentRenamedToDocx() throws {
        var fixture = DocxFixture.certificate
        fixture.mainContentType = "application/vnd.ms-word.document.macroEnabled.main+xml"
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_MACROS")
        #expect(refused?.message.contains(".docm") == true)
    }

    @Test func refusesAMacroEnabledWorkbook() throws {
        var fixture = XlsxFixture.certificate
        fixture.mainContentType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        #expect(rejection(try fixture.data(), .xlsx)?.code == "TEMPLATE_MACROS")
    }

    @Test func refusesExcel4MacroSheetsAndActiveX() throws {
        var workbook = XlsxFixture.certificate
        workbook.extraParts = [("xl/macrosheets/sheet1.xml", Data("<x/>".utf8))]
        #expect(rejection(try workbook.data(), .xlsx)?.code == "TEMPLATE_MACROS")
        var document = DocxFixture.certificate
        document.extraParts = [("word/activeX/activeX1.xml", Data("<x/>".utf8))]
        #expect(rejection(try document.data())?.code == "TEMPLATE_MACROS")
    }

    @Test func refusesAnXXEAttempt() throws {
        var fixture = DocxFixture.certificate
        fixture.body = OOXML.bookmarkParagraph(1, "model", "&x;")
        var parts = fixture.parts
        let xml = fixture.documentXML.replacingOccurrences(
            of: OOXML.declaration, with: OOXML.declaration + #"<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#)
        parts[2] = ("word/document.xml", Data(xml.utf8))
        let refused = rejection(try ZipBuilder.make(parts))
        #expect(refused?.code == "TEMPLATE_EXTERNAL_ENTITY")
        #expect(refused?.message.contains("word/document.xml") == true)
    }

    @Test func refusesEntityDeclarationsInAnyParsedPartWhateverTheCase() throws {
        var parts = DocxFixture.certificate.parts
        let types = String(decoding: parts[0].1, as: UTF8.self)
            .replacingOccurrences(of: OOXML.declaration, with: OOXML.declaration + #"<!doctype Types [<!entity a "aaaa">]>"#)
        parts[0] = ("[Content_Types].xml", Data(types.utf8))
        #expect(rejection(try ZipBuilder.make(parts))?.code == "TEMPLATE_EXTERNAL_ENTITY")
    }

    @Test func refusesXMLThatIsNotUTF8() throws {
        var parts = DocxFixture.certificate.parts
        let document = String(decoding: parts[2].1, as: UTF8.self).replacingOccurrences(of: "UTF-8", with: "UTF-7")
        parts[2] = ("word/document.xml", Data(document.utf8))
        #expect(rejection(try ZipBuilder.make(parts))?.code == "TEMPLATE_XML_INVALID")

        var utf16 = DocxFixture.certificate.parts
        utf16[2] = ("word/document.xml", Data([0xFF, 0xFE]) + DocxFixture.certificate.documentXML.data(using: .utf16LittleEndian)!)
        #expect(rejection(try ZipBuilder.make(utf16))?.code == "TEMPLATE_XML_INVALID")
    }

    @Test func refusesMalformedXML() throws {
        var fixture = DocxFixture.certificate
        fixture.body = "<w:p><w:r></w:p>"
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_XML_INVALID")
        #expect(refused?.message.contains("word/document.xml") == true)
    }

    @Test func refusesAnAttachedRemoteTemplate() throws {
        var fixture = DocxFixture.certificate
        fixture.documentRelationships = [
            ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", "http://evil.example/t.dotm", true)
        ]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_EXTERNAL_LINK")
        #expect(refused?.message.contains("evil.example") == true)
    }

    @Test func refusesFileHyperlinksAndLinkedPicturesButAllowsWebLinks() throws {
        let hyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
        var fixture = DocxFixture.certificate
        fixture.documentRelationships = [(hyperlink, "file://server/share/x.docx", true)]
        #expect(rejection(try fixture.data())?.code == "TEMPLATE_EXTERNAL_LINK")
        fixture.documentRelationships = [
            ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", "http://tracker.example/a.png", true)
        ]
        #expect(rejection(try fixture.data())?.code == "TEMPLATE_EXTERNAL_LINK")
        fixture.documentRelationships = [(hyperlink, "https://lab.example/verify", true), (hyperlink, "mailto:lab@example.com", true)]
        #expect(rejection(try fixture.data()) == nil)
    }

    @Test func refusesDDEFieldCodesEvenWhenSplitAcrossRuns() throws {
        var fixture = DocxFixture.certificate
        fixture.body +=
            #"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE</w:instrText></w:r>"#
            + #"<w:r><w:instrText>AUTO c:\\windows\\system32\\cmd.exe "/c calc"</w:instrText></w:r>"#
            + #"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_EXTERNAL_LINK")
        #expect(refused?.message.contains("DDEAUTO") == true)
    }

    @Test func ordinaryFieldsArePermitted() throws {
        var fixture = DocxFixture.certificate
        fixture.body += #"<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"#
        #expect(rejection(try fixture.data()) == nil)
    }

    @Test func refusesLinkedWorkbooks() throws {
        var fixture = XlsxFixture.certificate
        fixture.extraParts = [("xl/externalLinks/externalLink1.xml", Data("<externalLink/>".utf8))]
        #expect(rejection(try fixture.data(), .xlsx)?.code == "TEMPLATE_EXTERNAL_LINK")
    }

    @Test func everyRefusalCodeIsListed() {
        #expect(Set(TemplateRejection.allCodes).count == 14)
    }
}
