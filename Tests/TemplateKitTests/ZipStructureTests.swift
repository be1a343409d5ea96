import Foundation
import Testing

@testable import TemplateKit

/// Refusals decided by the zip container itself, before any XML is read.
@Suite struct ZipStructureTests {
    @Test func acceptsTheWorkedExample() throws {
        let inspection = try TemplateInspector().inspect(try DocxFixture.certificate.data(), declared: .docx)
        #expect(inspection.format == .docx)
        #expect(!inspection.bookmarks.isEmpty)
    }

    @Test func refusesWhatIsNotAZip() {
        #expect(rejection(Data("这不是压缩包，只是一段文字。".utf8))?.code == "TEMPLATE_NOT_ZIP")
        #expect(rejection(Data())?.code == "TEMPLATE_NOT_ZIP")
        // A PDF renamed to .docx.
        #expect(rejection(Data("%PDF-1.7\n".utf8) + Data(count: 4096))?.code == "TEMPLATE_NOT_ZIP")
    }

    @Test func refusesJunkAfterTheEndRecord() throws {
        let data = try DocxFixture.certificate.data() + Data("trailing".utf8)
        #expect(rejection(data)?.code == "TEMPLATE_NOT_ZIP")
    }

    @Test func refusesOversizeUploadBeforeReadingIt() {
        let data = Data(count: (10 << 20) + 1)
        let refused = rejection(data)
        #expect(refused?.code == "TEMPLATE_TOO_LARGE")
        #expect(refused?.message.contains("10 MiB") == true)
    }

    @Test func refusesTooManyEntriesByLimit() throws {
        let limits = TemplateLimits(maxEntries: 3)
        let refused = rejection(try DocxFixture.certificate.data(), limits: limits)
        #expect(refused?.code == "TEMPLATE_TOO_MANY_ENTRIES")
        #expect(refused?.message.contains("上限 3") == true)
    }

    @Test func refusesTooManyEntriesFromTheEndRecordBeforeWalkingTheDirectory() throws {
        var patcher = ZipPatcher(data: try DocxFixture.certificate.data())
        patcher.declareEntryCount(2_001)
        #expect(rejection(patcher.data)?.code == "TEMPLATE_TOO_MANY_ENTRIES")
    }

    @Test(arguments: ["../evil.xml", "/etc/evil", "word\\evil.xml", "word/./x.xml", "C:evil.xml", "word//x.xml"])
    func refusesUnsafeEntryNames(_ name: String) throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [(name, Data("<x/>".utf8))]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_PATH_TRAVERSAL")
        #expect(refused?.message.contains("不安全") == true)
    }

    @Test func refusesANulInAnEntryName() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("word/evilX.xml", Data("<x/>".utf8))]
        var patcher = ZipPatcher(data: try fixture.data())
        try patcher.rename("word/evilX.xml", to: "word/evil\u{0}.xml")
        let refused = rejection(patcher.data)
        #expect(refused?.code == "TEMPLATE_PATH_TRAVERSAL")
        #expect(refused?.message.contains("NUL") == true)
        // The name is quoted escaped, never raw.
        #expect(refused?.message.contains("\u{0}") == false)
    }

    @Test func refusesEntriesWithTheEncryptionFlag() throws {
        var patcher = ZipPatcher(data: try DocxFixture.certificate.data())
        try patcher.addFlags(0x0001, entry: "word/document.xml")
        let refused = rejection(patcher.data)
        #expect(refused?.code == "TEMPLATE_ENCRYPTED")
        #expect(refused?.message.contains("word/document.xml") == true)
    }

    @Test func recognisesPasswordProtectedOfficeFiles() {
        let magic = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        let stream = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(rejection(magic + Data(count: 512) + stream + Data(count: 512))?.code == "TEMPLATE_ENCRYPTED")
        // A plain Word 97-2003 .doc is not encrypted, just the wrong format.
        let legacy = rejection(magic + Data(count: 2048))
        #expect(legacy?.code == "TEMPLATE_NOT_ZIP")
        #expect(legacy?.message.contains(".doc") == true)
    }

    @Test func refusesCaseInsensitiveDuplicateEntries() throws {
        var fixture = DocxFixture.certificate
        fixture.extraParts = [("WORD/document.xml", Data("<x/>".utf8))]
        let refused = rejection(try fixture.data())
        #expect(refused?.code == "TEMPLATE_NOT_ZIP")
        #expect(refused?.message.contains("同名") == true)
    }

    @Test func refusesALocalHeaderOffsetOutsideTheFileWithoutCrashing() throws {
        // ZIPFoundation 0.9.20 traps on this; our directory reader must refuse it first.
        var patcher = ZipPatcher(data: try DocxFixture.certificate.data())
        try patcher.setLocalOffset(5_000_000, entry: "word/document.xml")
        #expect(rejection(patcher.data)?.code == "TEMPLATE_NOT_ZIP")
    }

    @Test(.timeLimit(.minutes(1)))
    func refusesADeflateStreamThatNeverEnds() {
        // A stored block announcing 65 535 bytes but holding 3: ZIPFoundation's own extract would spin forever.
        var zip = RawZip()
        zip.deflated("word/document.xml", raw: Data([0x00, 0xFF, 0xFF, 0x00, 0x00, 0x41, 0x42, 0x43]), uncompressedSize: 65_535)
        let refused = rejection(zip.bytes())
        #expect(refused?.code == "TEMPLATE_NOT_ZIP")
        #expect(refused?.message.contains("不完整") == true)
    }

    @Test func refusesAWrongChecksum() throws {
        var zip = RawZip()
        zip.stored("[Content_Types].xml", Data("<x/>".utf8))
        zip.entries[0].crc ^= 0xFFFF
        let refused = rejection(zip.bytes())
        #expect(refused?.code == "TEMPLATE_NOT_ZIP")
        #expect(refused?.message.contains("CRC-32") == true)
    }

    @Test func zipFoundationAgreesWithOurDirectoryOnAnHonestFile() throws {
        let data = try DocxFixture.certificate.data()
        let directory = try ZipDirectory(data, limits: TemplateLimits())
        #expect(directory.entries.map(\.name).contains("word/header1.xml"))
        try ZipCrossCheck.verify(data, directory)
    }

    @Test func entryNameRules() {
        #expect(ZipEntryName.problem("word/document.xml") == nil)
        #expect(ZipEntryName.problem("word/media/") == nil)
        #expect(ZipEntryName.problem("[Content_Types].xml") == nil)
        // Each refusal names its own reason, not just "some problem".
        #expect(ZipEntryName.problem("a/../b") == "含有 “..”（路径穿越）")
        #expect(ZipEntryName.problem("..") == "含有 “..”（路径穿越）")
        #expect(ZipEntryName.problem("a/./b") == "含有 “.” 路径段")
        #expect(ZipEntryName.problem("a//b") == "含有空路径段（“//”）")
        #expect(ZipEntryName.problem("") == "条目名为空")
        #expect(ZipEntryName.display("a\u{1}b") == "a\\u{1}b")
    }
}
