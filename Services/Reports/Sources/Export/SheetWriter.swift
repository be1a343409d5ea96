import Foundation
import ServiceKit
import XLSXWriter

/// What the export needs of a streamed spreadsheet writer: rows in, then the end.
protocol SheetWriter {
    mutating func append(_ row: [XLSXCell]) throws
    mutating func finish() throws
}

extension XLSXStreamWriter: SheetWriter where Sink == SpoolSink {
    mutating func finish() throws {
        _ = try finish() as SpoolSink
    }
}

enum SheetWriters {
    /// An .xlsx writer whose dates are the lab's (China Standard Time).
    static func make(sink: SpoolSink, sheetName: String, columns: [XLSXColumn]) throws -> any SheetWriter {
        try XLSXStreamWriter(sink: sink, sheetName: sheetName, columns: columns, timeZone: CalendarDay.zone)
    }
}
