import Foundation
import PDFSeal
import Testing

/// What the incremental update contains, read from the bytes: no external tool needed.
@Suite struct PDFSealerStructureTests {
    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test("the update appends to the original bytes and keeps catalog, page and trailer entries")
    func updateKeepsEntries() throws {
        let original = try Fixtures.certificatePDF()
        let sealed = try Fixtures.seal(original, identity: try Fixtures.identity())
        #expect(sealed.prefix(original.count) == original)
        let update = Self.text(sealed.dropFirst(original.count))
        // The fixture: catalog 37, page 1 with link annotation 12, Size 39, startxref 32015.
        #expect(update.contains("/Annots [12 0 R 40 0 R]"))
        #expect(update.contains("/Metadata 29 0 R") && update.contains("/OutputIntents [28 0 R]") && update.contains("/StructTreeRoot 30 0 R"))
        #expect(update.contains("/AcroForm <</Fields [40 0 R]/SigFlags 3>>"))
        #expect(update.contains("/FT /Sig") && update.contains("/F 132") && update.contains("/Rect [0 0 0 0]") && update.contains("/P 1 0 R"))
        #expect(update.contains("/SubFilter /ETSI.CAdES.detached"))
        #expect(
            update.contains("/Size 41/Root 37 0 R/Info 38 0 R/ID [<3BDF599B2048CFC763E60C4703326C96> <3BDF599B2048CFC763E60C4703326C96>]/Prev 32015"))
        #expect(!update.contains("DocChecksum"))
        #expect(update.hasSuffix("%%EOF\n"))
    }

    @Test("after a cross-reference stream the update ends in one, listing the new objects and itself")
    func xrefStreamUpdate() throws {
        let original = try Fixtures.xrefStreamPDF()
        let sealed = try Fixtures.seal(original, identity: try Fixtures.identity())
        let update = Self.text(sealed.dropFirst(original.count))
        // qpdf's file: page 2 and catalog 27 live in object streams, Size 37; the update adds 37, 38 and the stream 39.
        // qpdf sorts keys, and so the rewritten objects start with /Annots (link 11 kept) and /Lang.
        #expect(update.contains("2 0 obj\n<</Annots [11 0 R 38 0 R]") && update.contains("27 0 obj\n<</Lang (en-US)"))
        #expect(update.contains("/AcroForm <</Fields [38 0 R]/SigFlags 3>>"))
        #expect(update.contains("39 0 obj\n<</Type /XRef") && update.contains("/Size 40") && update.contains("/Index [2 1 27 1 37 3]"))
        #expect(!update.contains("\nxref\n") && !update.contains("trailer"))
        let startxref = try #require(update.components(separatedBy: "startxref\n").last?.split(separator: "\n").first.flatMap { Int($0) })
        #expect(Self.text(sealed.dropFirst(startxref)).hasPrefix("39 0 obj"))
    }

    @Test("/ByteRange covers the file except the /Contents hex string, brackets included")
    func byteRange() throws {
        let sealed = try Fixtures.seal(try Fixtures.certificatePDF(), identity: try Fixtures.identity())
        let text = Self.text(sealed)
        let range = try #require(text.range(of: "/ByteRange [", options: .backwards))
        let numbers = text[range.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count == 4)
        #expect(numbers[0] == 0)
        #expect(sealed[numbers[1]] == UInt8(ascii: "<"))
        #expect(sealed[numbers[2] - 1] == UInt8(ascii: ">"))
        #expect(numbers[2] + numbers[3] == sealed.count)
        // Reason and location are UTF-16BE text strings with a byte order mark.
        #expect(text.contains("/Reason <FEFF68C05B9A"))
    }

    @Test("a hand-made PDF with a nested page tree, an empty first branch and an indirect /AcroForm seals")
    func nestedPageTree() throws {
        let pdf = MinimalPDF.build([
            "<</Type /Catalog /Pages 2 0 R /AcroForm 7 0 R>>",
            "<</Type /Pages /Kids [5 0 R 6 0 R] /Count 1>>",
            "<</Type /Page /Parent 6 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots 8 0 R>>",
            "<</Length 0>>\nstream\n\nendstream",
            "<</Type /Pages /Parent 2 0 R /Kids [] /Count 0>>",
            "<</Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1>>",
            "<</Fields 9 0 R /DA (/Helv 0 Tf 0 g)>>",
            "[]",
            "[]",
        ])
        let sealed = try Fixtures.seal(pdf, identity: try Fixtures.identity())
        let update = Self.text(sealed.dropFirst(pdf.count))
        #expect(update.contains("3 0 obj\n<</Type /Page/Parent 6 0 R"))
        #expect(update.contains("/Annots [11 0 R]"))
        #expect(update.contains("/AcroForm <</Fields [11 0 R]/DA (/Helv 0 Tf 0 g)/SigFlags 3>>"))
    }

    @Test("a visible widget covers the given rectangle and has an empty form XObject appearance")
    func visibleWidget() throws {
        let original = try Fixtures.certificatePDF()
        let sealed = try PDFSealer.seal(
            original, identity: try Fixtures.identity(), reason: "r", location: "l", signingTime: Fixtures.signingTime,
            visibleOver: SealRectangle(x: 400, y: 80, width: 120.5, height: 120)
        )
        let update = Self.text(sealed.dropFirst(original.count))
        #expect(update.contains("/Rect [400 80 520.5 200]/P 1 0 R/AP <</N 41 0 R>>"))
        #expect(update.contains("41 0 obj\n<</Type /XObject/Subtype /Form/BBox [0 0 120.5 120]/Resources <<>>/Length 0>>\nstream\n\nendstream"))
        #expect(update.contains("/Size 42/"))
    }

    @Test("a file without a final end-of-line gets one before the update")
    func missingFinalNewline() throws {
        let pdf = MinimalPDF.onePage.dropLast()
        let sealed = try Fixtures.seal(Data(pdf), identity: try Fixtures.identity())
        #expect(Self.text(sealed.dropFirst(pdf.count)).hasPrefix("\n5 0 obj"))
    }
}
