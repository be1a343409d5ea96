import Foundation
import Testing
import ZipStream

@Suite struct ZipStreamErrorTests {
    static let now = Date(timeIntervalSince1970: 1_764_000_000)

    @Test(
        "names that would escape the target or break the header are refused: ZIP_ENTRY_PATH_INVALID",
        arguments: [
            "", "/etc/passwd", "a/../../b", "../x", "a\\b", "a\u{0}b", "a//b", "./a",
        ])
    func invalidPath(_ path: String) throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        #expect(throws: ZipStreamError.self) { try writer.beginEntry(path: path, modified: Self.now, compression: .stored) }
        do {
            try writer.beginEntry(path: path, modified: Self.now, compression: .stored)
        } catch let error as ZipStreamError {
            #expect(error.code == "ZIP_ENTRY_PATH_INVALID")
        }
    }

    @Test("a name longer than the header's 16-bit length: ZIP_ENTRY_PATH_INVALID")
    func overlongPath() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        let error = #expect(throws: ZipStreamError.self) {
            try writer.beginEntry(path: String(repeating: "长", count: 21_846), modified: Self.now, compression: .stored)
        }
        #expect(error?.code == "ZIP_ENTRY_PATH_INVALID")
    }

    @Test("a name used twice: ZIP_ENTRY_DUPLICATE")
    func duplicate() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        try writer.beginEntry(path: "证书.pdf", modified: Self.now, compression: .stored)
        #expect(throws: ZipStreamError(code: "ZIP_ENTRY_DUPLICATE", message: "压缩包内已有名为“证书.pdf”的文件")) {
            try writer.beginEntry(path: "证书.pdf", modified: Self.now, compression: .deflate)
        }
    }

    @Test("data before any entry, or into a directory entry: ZIP_NO_OPEN_ENTRY")
    func noOpenEntry() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        #expect(throws: ZipStreamError.self) { try writer.write([1, 2, 3]) }
        try writer.beginEntry(path: "dir/", modified: Self.now, compression: .stored)
        let error = #expect(throws: ZipStreamError.self) { try writer.write([1]) }
        #expect(error?.code == "ZIP_NO_OPEN_ENTRY")
    }

    @Test("anything after finish: ZIP_ALREADY_FINISHED")
    func afterFinish() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        try writer.addEntry(path: "a", modified: Self.now, compression: .deflate, contents: [1, 2])
        let archive = try writer.finish()
        #expect(archive.bytes.count > 0)
        #expect((#expect(throws: ZipStreamError.self) { _ = try writer.finish() })?.code == "ZIP_ALREADY_FINISHED")
        #expect((#expect(throws: ZipStreamError.self) { try writer.write([1]) })?.code == "ZIP_ALREADY_FINISHED")
        let begin = #expect(throws: ZipStreamError.self) { try writer.beginEntry(path: "b", modified: Self.now, compression: .stored) }
        #expect(begin?.code == "ZIP_ALREADY_FINISHED")
    }

    @Test("an empty archive is the end record alone, which readers accept")
    func emptyArchive() throws {
        var writer = ZipStreamWriter(sink: ByteArraySink())
        let bytes = try writer.finish().bytes
        #expect(bytes.count == 22)
        let archive = try #require(try? ZipArchiveCheck.python(bytes))
        #expect(archive == 0)
    }
}

/// Python's `zipfile` on an archive in memory: the entry count, or a thrown error when it refuses the archive.
enum ZipArchiveCheck {
    static func python(_ bytes: [UInt8]) throws -> Int {
        let file = ExternalTool.temporaryFile("check.zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        let result = try ExternalTool.run(
            "/usr/bin/python3",
            ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.infolist()))", file.path])
        guard result.status == 0, let count = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ZipStreamError(code: "TEST_PYTHON_REFUSED", message: result.output)
        }
        return count
    }
}
