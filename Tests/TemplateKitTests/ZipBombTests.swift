import Foundation
import Testing

@testable import TemplateKit

/// Declared and actual size limits: nothing is inflated past what the limits allow.
@Suite struct ZipBombTests {
    /// 8 MiB of zeros deflates to about 8 KiB: a 1 000:1 entry.
    static let zeros = Data(count: 8 << 20)

    func bombDocx() throws -> Data {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/media/image1.png", Self.zeros)]
        return try fixture.data()
    }

    @Test func refusesAnHonestlyDeclaredBombBeforeInflatingAnything() throws {
        let refused = rejection(try bombDocx())
        #expect(refused?.code == "TEMPLATE_ZIP_BOMB")
        #expect(refused?.message.contains("word/media/image1.png") == true)
        #expect(refused?.message.contains("100:1") == true)
    }

    @Test func stopsABombThatUnderstatesItsSizeWithinOneChunk() throws {
        var patcher = ZipPatcher(data: try bombDocx())
        try patcher.declareUncompressedSize(100, entry: "word/media/image1.png")
        let started = ContinuousClock.now
        let refused = rejection(patcher.data)
        #expect(refused?.code == "TEMPLATE_ZIP_BOMB")
        #expect(refused?.message.contains("已在") == true)
        #expect(ContinuousClock.now - started < .seconds(5))

        // Measured on the reader itself: of the 8 MiB, at most one 16 KiB chunk was produced.
        let directory = try ZipDirectory(patcher.data, limits: TemplateLimits())
        let entry = try #require(directory.entries.first { $0.name == "word/media/image1.png" })
        let reader = ZipEntryReader(data: patcher.data)
        #expect(throws: TemplateRejection.self) { try reader.read(entry) }
        #expect(reader.inflatedBytes <= ZipEntryReader.chunkSize)
    }

    @Test func refusesADeclaredTotalOverTheLimit() throws {
        let limits = TemplateLimits(maxTotalUncompressedBytes: 2_000)
        let refused = rejection(try DocxFixture.certificate.data(), limits: limits)
        #expect(refused?.code == "TEMPLATE_ZIP_BOMB")
        #expect(refused?.message.contains("总大小") == true)
    }

    @Test func refusesOverlappingEntries() {
        // The second entry's local header and data sit inside the first entry's data: the overlapping-bomb shape.
        var inner = RawZip()
        inner.stored("word/b.xml", Data("<b/>".utf8))
        let innerBytes = Data(RawZip.localHeader(inner.entries[0])) + inner.entries[0].data
        var zip = RawZip()
        zip.stored("word/a.xml", innerBytes)
        zip.entries.append(inner.entries[0])
        let offsetOfB = RawZip.localHeader(zip.entries[0]).count
        let refused = rejection(zip.bytes(offsets: [nil, offsetOfB]))
        #expect(refused?.code == "TEMPLATE_ZIP_BOMB")
        #expect(refused?.message.contains("重叠") == true)
    }

    @Test func smallHighlyCompressibleEntriesAreNotJudgedByRatio() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/media/blank.bin", Data(count: 512 << 10))]
        #expect(rejection(try fixture.data()) == nil)
    }

    @Test func refusesAnXMLPartOverThePartLimit() throws {
        let limits = TemplateLimits(maxXMLPartBytes: 1_000)
        var fixture = DocxFixture.certificate
        fixture.body += String(repeating: "<w:p/>", count: 500)
        let refused = rejection(try fixture.data(), limits: limits)
        #expect(refused?.code == "TEMPLATE_TOO_LARGE")
        #expect(refused?.message.contains("word/document.xml") == true)
    }
}
