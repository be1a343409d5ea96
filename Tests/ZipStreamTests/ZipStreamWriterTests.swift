import Foundation
import SystemZlib
import Testing
import ZIPFoundation
import ZipStream

@Suite struct ZipStreamWriterTests {
    static let modified = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24 16:00 UTC

    /// Stored and deflated entries, Chinese names, an empty file, a directory, a 1 MiB file written in 3 KiB pieces.
    static let entries: [(path: String, compression: ZipCompression, contents: [UInt8])] = [
        ("证书/JJG443-2025-0001/证书.pdf", .stored, TestBytes.random(200_000)),
        ("证书/JJG443-2025-0001/原始记录.pdf", .deflate(level: 1), TestBytes.text(150_000)),
        ("readme.txt", .deflate, Array("批量下载\n".utf8)),
        ("empty.bin", .deflate(level: 9), []),
        ("empty-stored.bin", .stored, []),
        ("big/text.txt", .deflate(level: 6), TestBytes.text(1 << 20)),
    ]

    static func archive() throws -> [UInt8] {
        var writer = ZipStreamWriter(sink: ByteArraySink(), timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        try writer.beginEntry(path: "目录/", modified: modified, compression: .stored)
        for entry in entries {
            try writer.beginEntry(path: entry.path, modified: modified, compression: entry.compression)
            var start = 0
            while start < entry.contents.count {
                try writer.write(entry.contents[start..<min(start + 3000, entry.contents.count)])
                start += 3000
            }
        }
        return try writer.finish().bytes
    }

    @Test("unzip -t finds every entry intact and lists the UTF-8 names")
    func unzipTests() throws {
        let file = ExternalTool.temporaryFile("a.zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try Self.archive()).write(to: file)
        let test = try ExternalTool.run("/usr/bin/unzip", ["-t", file.path])
        #expect(test.status == 0, "\(test.output)")
        #expect(test.output.contains("No errors detected"))
        let listing = try ExternalTool.run("/usr/bin/unzip", ["-Z1", file.path])
        #expect(listing.output.split(separator: "\n").map(String.init) == ["目录/"] + Self.entries.map(\.path))
    }

    @Test("Python's zipfile reads the same bytes, names, methods and local times back")
    func pythonZipfile() throws {
        let file = ExternalTool.temporaryFile("b.zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try Self.archive()).write(to: file)
        let script = """
            import json, sys, zipfile, zlib
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                print(json.dumps([[i.filename, i.compress_type, list(i.date_time), zlib.crc32(z.read(i)), len(z.read(i))] for i in z.infolist()]))
            """
        let result = try ExternalTool.run("/usr/bin/python3", ["-c", script, file.path])
        #expect(result.status == 0, "\(result.output)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[Any]] ?? []
        #expect(rows.count == Self.entries.count + 1)
        for (row, entry) in zip(rows.dropFirst(), Self.entries) {
            #expect(row[0] as? String == entry.path)
            #expect(row[1] as? Int == (entry.compression == .stored ? 0 : 8))
            #expect(row[2] as? [Int] == [2025, 11, 25, 0, 0, 0])  // 16:00 UTC is midnight in Shanghai
            // Python's own CRC over what it decompressed, against zlib's over what went in.
            #expect(row[3] as? Int == Int(entry.contents.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }))
            #expect(row[4] as? Int == entry.contents.count)
        }
    }

    @Test("ZIPFoundation extracts every entry with its contents")
    func zipFoundation() throws {
        let archive = try Archive(data: Data(try Self.archive()), accessMode: .read)
        for entry in Self.entries {
            let found = try #require(archive[entry.path])
            var contents = Data()
            _ = try archive.extract(found) { contents.append($0) }
            #expect(Array(contents) == entry.contents, "\(entry.path)")
        }
    }

    @Test("a deflated entry is smaller than its text; a stored one is its bytes plus headers")
    func compressionApplies() throws {
        var writer = ZipStreamWriter(sink: CountingSink())
        try writer.addEntry(path: "t.txt", modified: Self.modified, compression: .deflate, contents: TestBytes.text(1 << 20))
        #expect(try writer.finish().count < 100_000)
        var stored = ZipStreamWriter(sink: CountingSink())
        try stored.addEntry(path: "r.bin", modified: Self.modified, compression: .stored, contents: TestBytes.random(1 << 20))
        #expect(try stored.finish().count > 1 << 20)
    }

    @Test("the chunked sink hands on full chunks only, and all of them make the same archive")
    func chunkedSink() async throws {
        var writer = ZipStreamWriter(sink: ChunkedSink(chunkSize: 4096), timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        var chunks: [[UInt8]] = []
        try writer.beginEntry(path: "目录/", modified: Self.modified, compression: .stored)
        for entry in Self.entries {
            try writer.beginEntry(path: entry.path, modified: Self.modified, compression: entry.compression)
            try writer.write(entry.contents)
            try await writer.drainChunks { chunks.append($0) }
            #expect(writer.withSink { $0.pendingByteCount } < 4096)
        }
        #expect(chunks.allSatisfy { $0.count == 4096 })
        try await writer.finish { chunks.append($0) }
        #expect(chunks.dropLast().allSatisfy { $0.count == 4096 })
        #expect(Array(chunks.joined()) == (try Self.archive()))
    }
}
