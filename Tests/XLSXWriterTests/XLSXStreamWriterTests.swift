import Foundation
import Testing
import XLSXWriter
import ZIPFoundation
import ZipStream

@Suite struct XLSXStreamWriterTests {
    @Test("the package holds the parts a reader needs, the sheet deflated")
    func parts() throws {
        let archive = try Archive(data: Data(try SampleWorkbook.bytes()), accessMode: .read)
        let paths = archive.map(\.path)
        #expect(
            paths == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml",
            ])
        var styles = Data()
        _ = try archive.extract(try #require(archive["xl/styles.xml"])) { styles.append($0) }
        let xml = String(decoding: styles, as: UTF8.self)
        #expect(xml.contains(#"formatCode="yyyy-mm-dd""#) && xml.contains(#"formatCode="0.0000""#) && xml.contains("<b/>"))
    }

    @Test("an invalid sheet name: XLSX_SHEET_NAME_INVALID", arguments: ["", "a/b", "[报表]", "'引号'", String(repeating: "表", count: 32)])
    func sheetName(_ name: String) throws {
        let error = #expect(throws: XLSXError.self) {
            _ = try XLSXStreamWriter(sink: ByteArraySink(), sheetName: name, columns: [XLSXColumn(title: "A")])
        }
        #expect(error?.code == "XLSX_SHEET_NAME_INVALID")
    }

    @Test("no columns: XLSX_NO_COLUMNS; a row after finish: XLSX_ALREADY_FINISHED")
    func refusals() throws {
        #expect(
            (#expect(throws: XLSXError.self) { _ = try XLSXStreamWriter(sink: ByteArraySink(), sheetName: "表", columns: []) })?.code
                == "XLSX_NO_COLUMNS")
        var writer = try XLSXStreamWriter(sink: ByteArraySink(), sheetName: "表", columns: [XLSXColumn(title: "A")])
        try writer.append([.number(1)])
        _ = try writer.finish()
        #expect((#expect(throws: XLSXError.self) { try writer.append([.number(2)]) })?.code == "XLSX_ALREADY_FINISHED")
        #expect((#expect(throws: XLSXError.self) { _ = try writer.finish() })?.code == "XLSX_ALREADY_FINISHED")
    }

    /// 30 000 rows drained after each row: what the sink holds never reaches a chunk, and the chunks make the file.
    @Test("streamed through a chunked sink, memory stays under one chunk and the chunks are the workbook")
    func chunked() async throws {
        var writer = try XLSXStreamWriter(
            sink: ChunkedSink(chunkSize: 16 * 1024), sheetName: "流式", columns: SampleWorkbook.columns, timeZone: SampleWorkbook.shanghai)
        var received: [UInt8] = []
        var largestPending = 0
        for index in 0..<30_000 {
            try writer.append(SampleWorkbook.rows[index % 2])
            try await writer.drainChunks { received += $0 }
            largestPending = max(largestPending, writer.withSink { $0.pendingByteCount })
        }
        try await writer.finish { received += $0 }
        #expect(largestPending < 16 * 1024)
        #expect(received.count > 64 * 1024)
        let archive = try Archive(data: Data(received), accessMode: .read)
        var sheet = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
        #expect(String(decoding: sheet.suffix(2000), as: UTF8.self).contains(#"<row r="30001">"#))
    }
}
