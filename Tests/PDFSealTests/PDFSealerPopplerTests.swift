import Foundation
import PDFSeal
import Testing

/// Seals the LibreOffice PDF/A-2b fixture and asks poppler whether the result is what a reader must see.
@Suite(.enabled(if: PopplerTool.available, "poppler-utils (pdfsig) not installed"))
struct PDFSealerPopplerTests {
    @Test(
        "a sealed PDF verifies in pdfsig and covers the whole file",
        arguments: [
            (SealIdentity.KeyAlgorithm.ecdsaP256, SealSubFilter.cades), (.ecdsaP256, .pkcs7), (.rsa2048, .cades), (.rsa3072, .pkcs7),
        ]
    )
    func sealVerifies(key: SealIdentity.KeyAlgorithm, subFilter: SealSubFilter) throws {
        let original = try Fixtures.certificatePDF()
        let sealed = try Fixtures.seal(original, identity: try Fixtures.identity(key), subFilter: subFilter)
        let report = try PopplerTool.run("pdfsig", on: sealed)
        #expect(report.text.contains("Signature Validation: Signature is Valid."), "\(report.text)")
        #expect(report.text.contains("Signature Type: \(subFilter.rawValue)"), "\(report.text)")
        #expect(report.text.contains("Total document signed"), "\(report.text)")
        #expect(report.text.contains("Signer Certificate Common Name: \(Fixtures.commonName)"), "\(report.text)")
        #expect(report.text.contains("O=\(Fixtures.organization)"), "\(report.text)")
        #expect(sealed.prefix(original.count) == original, "the original bytes must stay unchanged")
    }

    @Test("a file with a cross-reference stream and object streams is sealed with a stream update, twice")
    func xrefStreamFile() throws {
        let original = try Fixtures.xrefStreamPDF()
        let once = try Fixtures.seal(original, identity: try Fixtures.identity())
        let twice = try Fixtures.seal(once, identity: try Fixtures.identity(.rsa2048), subFilter: .pkcs7)
        let report = try PopplerTool.run("pdfsig", on: twice)
        let parts = report.text.components(separatedBy: "Signature #2:")
        #expect(parts.count == 2, "\(report.text)")
        #expect(parts[0].contains("Signature is Valid.") && parts[0].contains("Not total document signed"), "\(report.text)")
        #expect(parts.last?.contains("Signature is Valid.") == true && parts.last?.contains("Total document signed") == true, "\(report.text)")
        let text = try PopplerTool.run("pdftotext", ["-enc", "UTF-8"], on: twice)
        #expect(text.text.contains("检定证书"), "\(text.text)")
    }

    @Test("a visible widget over the seal image verifies too")
    func visibleSeal() throws {
        let sealed = try PDFSealer.seal(
            try Fixtures.certificatePDF(), identity: try Fixtures.identity(), reason: "检定证书电子签章", location: "中国 杭州",
            signingTime: Fixtures.signingTime, visibleOver: SealRectangle(x: 400, y: 80, width: 120, height: 120)
        )
        let report = try PopplerTool.run("pdfsig", on: sealed)
        #expect(report.text.contains("Signature Validation: Signature is Valid."), "\(report.text)")
        #expect(report.text.contains("Total document signed"), "\(report.text)")
    }

    @Test("flipping one signed byte makes the signature invalid")
    func flippedByte() throws {
        var sealed = try Fixtures.seal(try Fixtures.certificatePDF(), identity: try Fixtures.identity())
        // Inside the first font stream's data: the file still parses, only the digest changes.
        let index = 2000
        sealed[index] ^= 0x01
        let report = try PopplerTool.run("pdfsig", on: sealed)
        #expect(!report.text.contains("Signature is Valid."), "\(report.text)")
        #expect(report.text.contains("Digest Mismatch") || report.text.contains("Signature is Invalid"), "\(report.text)")
    }

    @Test("bytes appended after the seal are reported as not covered")
    func appendedGarbage() throws {
        let sealed = try Fixtures.seal(try Fixtures.certificatePDF(), identity: try Fixtures.identity())
        let report = try PopplerTool.run("pdfsig", on: sealed + Data("% appended later\n".utf8))
        #expect(report.text.contains("Not total document signed"), "\(report.text)")
        #expect(!report.text.contains("Total document signed"), "\(report.text)")
    }

    @Test("a second seal is a further update: both listed, the second covers the file, the first stays valid")
    func sealTwice() throws {
        let original = try Fixtures.certificatePDF()
        let once = try Fixtures.seal(original, identity: try Fixtures.identity())
        let twice = try Fixtures.seal(once, identity: try Fixtures.identity(.rsa2048))
        #expect(twice.prefix(once.count) == once)
        let report = try PopplerTool.run("pdfsig", on: twice)
        #expect(report.text.contains("Signature #1:") && report.text.contains("Signature #2:"), "\(report.text)")
        let second = report.text.components(separatedBy: "Signature #2:").last ?? ""
        let first = report.text.components(separatedBy: "Signature #2:").first ?? ""
        #expect(second.contains("Signature is Valid.") && second.contains("Total document signed"), "\(report.text)")
        #expect(first.contains("Signature is Valid.") && first.contains("Not total document signed"), "\(report.text)")
    }

    @Test("text, page count and the PDF/A identification survive the seal")
    func documentUnchanged() throws {
        let original = try Fixtures.certificatePDF()
        let sealed = try Fixtures.seal(original, identity: try Fixtures.identity())
        let text = try PopplerTool.run("pdftotext", ["-enc", "UTF-8"], on: sealed)
        #expect(text.status == 0)
        #expect(text.text.contains("检定证书") && text.text.contains("JD-2026-000123"), "\(text.text)")
        let info = try PopplerTool.run("pdfinfo", on: sealed)
        #expect(info.status == 0)
        #expect(info.text.contains("Pages:           1"), "\(info.text)")
        #expect(info.text.contains("Form:            AcroForm"), "\(info.text)")
        let metadata = try PopplerTool.run("pdfinfo", ["-meta"], on: sealed)
        let originalMetadata = try PopplerTool.run("pdfinfo", ["-meta"], on: original)
        #expect(metadata.text.contains("<pdfaid:part>2</pdfaid:part>"), "\(metadata.text)")
        #expect(metadata.text == originalMetadata.text)
    }
}
