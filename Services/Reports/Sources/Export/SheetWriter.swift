import RPCCore
import XLSXWriter

/// What the export needs of a streamed spreadsheet writer: rows in, then the end. `XLSXStreamWriter` is the one.
protocol SheetWriter {
    mutating func append(_ row: [XLSXCell]) throws
    mutating func finish() throws
}

enum SheetWriters {
    static func make(sink: SpoolSink, sheetName: String, columns: [XLSXColumn]) throws -> any SheetWriter {
        // XLSXStreamWriter has not landed in Shared/XLSXWriter yet: until it does, an export is refused.
        throw RPCError(code: .unavailable, message: "电子表格导出暂不可用", reason: "REPORTS_EXPORT_UNAVAILABLE")
    }
}
