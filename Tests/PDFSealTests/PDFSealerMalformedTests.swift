import Foundation
import PDFSeal
import Testing

/// Bad input ends in a `PDFSealError`, never a crash or a hang.
@Suite struct PDFSealerMalformedTests {
    static func sealError(_ pdf: Data) throws -> PDFSealError? {
        do {
            _ = try Fixtures.seal(pdf, identity: try Fixtures.identity())
            return nil
        } catch let error as PDFSealError {
            return error
        }
    }

    @Test("garbage, empty and non-PDF input is PDF_SEAL_MALFORMED", arguments: ["", "hello", "%PDF-1.7\n", "%PDF-1.7\nstartxref\n999999\n%%EOF"])
    func garbage(_ text: String) throws {
        #expect(try Self.sealError(Data(text.utf8))?.code == "PDF_SEAL_MALFORMED")
    }

    @Test("every truncation of the LibreOffice file fails cleanly or seals")
    func truncated() throws {
        let pdf = try Fixtures.certificatePDF()
        var failures = 0
        for length in stride(from: 0, to: pdf.count, by: 211) {
            if let error = try Self.sealError(pdf.prefix(length)) {
                #expect(PDFSealError.allCodes.contains(error.code))
                failures += 1
            }
        }
        #expect(failures > 100)
    }

    @Test("random byte changes in the structure fail cleanly or seal", arguments: [false, true])
    func mutated(xrefStream: Bool) throws {
        let pdf = try xrefStream ? Fixtures.xrefStreamPDF() : Fixtures.certificatePDF()
        // The tail holds the catalog, page tree, xref table and trailer (or the object and xref streams): what the
        // sealer reads.
        let tailStart = pdf.count - 1200
        var generator = SplitMix64(seed: 0x5EA1)
        for _ in 0..<300 {
            var mutated = pdf
            for _ in 0..<3 {
                let index = tailStart + Int(generator.next() % 1200)
                mutated[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let error = try Self.sealError(mutated) { #expect(PDFSealError.allCodes.contains(error.code)) }
        }
    }

    @Test("a cyclic page tree is PDF_SEAL_NO_PAGE")
    func cyclicKids() throws {
        let selfLoop = MinimalPDF.build(["<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [2 0 R] /Count 1>>"])
        #expect(try Self.sealError(selfLoop)?.code == "PDF_SEAL_NO_PAGE")
        let twoNodeLoop = MinimalPDF.build([
            "<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>", "<</Type /Pages /Kids [2 0 R] /Count 1>>",
        ])
        #expect(try Self.sealError(twoNodeLoop)?.code == "PDF_SEAL_NO_PAGE")
    }

    @Test("nesting deeper than the cap is PDF_SEAL_MALFORMED, not a stack overflow")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let pdf = MinimalPDF.build(["<</Type /Catalog /Pages 2 0 R /Deep \(deep)>>", "<</Type /Pages /Kids [] /Count 0>>"])
        #expect(try Self.sealError(pdf)?.code == "PDF_SEAL_MALFORMED")
    }

    @Test("an encrypted file is PDF_SEAL_ENCRYPTED")
    func encrypted() throws {
        let pdf = MinimalPDF.build(
            [
                "<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>", "<</Type /Page /Parent 2 0 R>>",
                "<</Filter /Standard /V 2>>",
            ],
            trailerExtra: "/Encrypt 4 0 R"
        )
        #expect(try Self.sealError(pdf)?.code == "PDF_SEAL_ENCRYPTED")
    }

    @Test("a cross-reference stream with a filter other than Flate is PDF_SEAL_UNSUPPORTED_XREF")
    func xrefStreamFilter() throws {
        let stream =
            "%PDF-1.7\n1 0 obj\n<</Type /XRef /Size 2 /W [1 2 1] /Root 1 0 R /Filter /LZWDecode /Length 0>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
        #expect(try Self.sealError(Data(stream.utf8))?.code == "PDF_SEAL_UNSUPPORTED_XREF")
    }

    @Test("a cross-reference stream shorter than its /Index, or a /XRefStm that is no stream, is PDF_SEAL_MALFORMED")
    func xrefStreamLies() throws {
        let stream = "%PDF-1.7\n1 0 obj\n<</Type /XRef /Size 2 /W [1 2 1] /Root 1 0 R /Length 0>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
        #expect(try Self.sealError(Data(stream.utf8))?.code == "PDF_SEAL_MALFORMED")
        let hybrid = MinimalPDF.build(
            ["<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>", "<</Type /Page /Parent 2 0 R>>"],
            trailerExtra: "/XRefStm 9"
        )
        #expect(try Self.sealError(hybrid)?.code == "PDF_SEAL_MALFORMED")
        let hugeIndex =
            "%PDF-1.7\n1 0 obj\n<</Type /XRef /Size 2 /W [1 2 1] /Index [9223372036854775807 1] /Root 1 0 R /Length 4>>\nstream\n\u{01}\u{00}\u{09}\u{00}\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
        #expect(try Self.sealError(Data(hugeIndex.utf8))?.code == "PDF_SEAL_MALFORMED")
    }

    @Test("a /Prev that points back at its own section is PDF_SEAL_MALFORMED")
    func prevLoop() throws {
        let objects = ["<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>", "<</Type /Page /Parent 2 0 R>>"]
        let plain = String(decoding: MinimalPDF.build(objects), as: UTF8.self)
        let xref = try #require(plain.range(of: "\nxref\n")).lowerBound.utf16Offset(in: plain) + 1
        let looped = MinimalPDF.build(objects, trailerExtra: "/Prev \(xref)")
        let error = try Self.sealError(looped)
        #expect(error?.code == "PDF_SEAL_MALFORMED")
        #expect(error?.message.contains("循环") == true)
    }

    @Test("an xref subsection claiming a billion entries is PDF_SEAL_MALFORMED at once")
    func hugeSubsection() throws {
        let text = String(decoding: MinimalPDF.onePage, as: UTF8.self).replacingOccurrences(of: "xref\n0 5\n", with: "xref\n0 999999999\n")
        #expect(try Self.sealError(Data(text.utf8))?.code == "PDF_SEAL_MALFORMED")
    }
}

/// A small seeded generator, so a failing mutation can be reproduced.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
