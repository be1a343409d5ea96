public import Foundation
public import ZipStream

/// Writes a one-sheet .xlsx row by row into a `ZipSink`: the sheet part is deflated as the rows come, so memory holds
/// one 64 KiB slice of XML and zlib's state, never the sheet. Strings are inline (`t="inlineStr"`), so there is no
/// shared-strings table to keep until the end; the styles part, which names only the formats the rows used, is
/// written after the sheet.
///
/// The first row is the columns' titles in bold, frozen when scrolling, with the columns' widths.
public struct XLSXStreamWriter<Sink: ZipSink> {
    private var zip: ZipStreamWriter<Sink>
    private let timeZone: TimeZone
    private let columns: [XLSXColumn]
    private var styles = XLSXStyles()
    private var buffer = XMLByteBuffer()
    private var letters: [[UInt8]]
    private var rowNumber = 0
    private var finished = false
    /// Per column: the xf index of its numbers, dates and date-times (column format or the kind's default).
    private var numberStyles: [Int] = []
    private var dateStyles: [Int] = []
    private var dateTimeStyles: [Int] = []
    /// The xf index of decimals by their number of decimals, for columns without a format.
    private var decimalStyles: [Int: Int] = [:]

    /// Excel's limits.
    static var maximumRows: Int { 1_048_576 }
    static var maximumColumns: Int { 16_384 }
    private static var flushThreshold: Int { 64 * 1024 }

    public init(sink: Sink, sheetName: String, columns: [XLSXColumn]) throws {
        try self.init(sink: sink, sheetName: sheetName, columns: columns, timeZone: .current)
    }

    /// `timeZone`: where dates and date-times are read as local times (a sheet has no zones). `compression`: the
    /// sheet's deflate level; 3 is measured as the knee of time against size for this XML (`BENCHMARKS.md`).
    public init(
        sink: Sink, sheetName: String, columns: [XLSXColumn], timeZone: TimeZone, compression: ZipCompression = .deflate(level: 3),
        modified: Date = Date()
    ) throws {
        guard Self.isValid(sheetName: sheetName) else { throw XLSXError.sheetNameInvalid(sheetName) }
        guard !columns.isEmpty else { throw XLSXError.noColumns }
        guard columns.count <= Self.maximumColumns else { throw XLSXError.tooManyColumns(columns.count) }
        self.zip = ZipStreamWriter(sink: sink, timeZone: timeZone)
        self.timeZone = timeZone
        self.columns = columns
        self.letters = (1...columns.count).map(XLSXCellReference.columnLetters)
        for column in columns {
            numberStyles.append(styles.style(for: column.format ?? .general))
            dateStyles.append(styles.style(for: column.format ?? .date))
            dateTimeStyles.append(styles.style(for: column.format ?? .dateTime))
        }
        try zip.addEntry(path: "[Content_Types].xml", modified: modified, compression: .deflate, contents: XLSXPackage.contentTypes)
        try zip.addEntry(path: "_rels/.rels", modified: modified, compression: .deflate, contents: XLSXPackage.rootRelationships)
        try zip.addEntry(path: "xl/workbook.xml", modified: modified, compression: .deflate, contents: XLSXPackage.workbook(sheetName: sheetName))
        try zip.addEntry(path: "xl/_rels/workbook.xml.rels", modified: modified, compression: .deflate, contents: XLSXPackage.workbookRelationships)
        try zip.beginEntry(path: "xl/worksheets/sheet1.xml", modified: modified, compression: compression)
        buffer.bytes.reserveCapacity(Self.flushThreshold + 16 * 1024)
        buffer.append(XLSXPackage.sheetStart(widths: columns.map(\.effectiveWidth)))
        try appendHeader()
    }

    /// Rows written so far, the header included.
    public var rowCount: Int { rowNumber }

    /// Appends a row below the last; cells past the columns' count are written too (without a title or width).
    public mutating func append(_ row: [XLSXCell]) throws {
        guard !finished else { throw XLSXError.alreadyFinished }
        guard rowNumber < Self.maximumRows else { throw XLSXError.tooManyRows }
        guard row.count <= Self.maximumColumns else { throw XLSXError.tooManyColumns(row.count) }
        rowNumber += 1
        var digits = XMLByteBuffer()
        digits.appendDigits(UInt64(rowNumber))
        buffer.append(#"<row r=""#)
        buffer.append(digits.bytes)
        buffer.append(#"">"#)
        for (index, cell) in row.enumerated() {
            appendCell(cell, column: index, row: digits.bytes)
        }
        buffer.append("</row>")
        if buffer.bytes.count >= Self.flushThreshold { try flush() }
    }

    /// Ends the sheet, writes the styles and the zip's central directory, and returns the sink.
    public mutating func finish() throws -> Sink {
        guard !finished else { throw XLSXError.alreadyFinished }
        finished = true
        buffer.append(XLSXPackage.sheetEnd)
        try flush()
        try zip.endEntry()
        try zip.addEntry(path: "xl/styles.xml", modified: Date(), compression: .deflate, contents: styles.xml)
        return try zip.finish()
    }

    /// Lets the caller work on the sink between rows, e.g. take the chunks a `ChunkedSink` has completed.
    public mutating func withSink<Result>(_ body: (inout Sink) throws -> Result) rethrows -> Result {
        try zip.withSink(body)
    }

    private mutating func appendHeader() throws {
        rowNumber = 1
        buffer.append(#"<row r="1">"#)
        for (index, column) in columns.enumerated() {
            buffer.append(#"<c r=""#)
            buffer.append(letters[index])
            buffer.append(#"1" s="1" t="inlineStr">"#)
            appendInlineText(column.title)
            buffer.append("</c>")
        }
        buffer.append("</row>")
    }

    private mutating func flush() throws {
        try zip.write(buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    private mutating func appendCell(_ cell: XLSXCell, column: Int, row: [UInt8]) {
        switch cell {
        case .empty:
            return
        case .text(let text):
            openCell(column: column, row: row, style: 0, type: #" t="inlineStr">"#)
            appendInlineText(text)
        case .number(let value):
            guard value.isFinite else { return }
            openCell(column: column, row: row, style: column < numberStyles.count ? numberStyles[column] : 0, type: ">")
            buffer.append("<v>")
            buffer.appendNumber(value)
            buffer.append("</v>")
        case .decimal(let text):
            guard let places = Self.decimalPlaces(text) else {
                appendCell(.text(text), column: column, row: row)
                return
            }
            openCell(column: column, row: row, style: decimalStyle(column: column, places: places), type: ">")
            buffer.append("<v>")
            buffer.appendRaw(text)
            buffer.append("</v>")
        case .date(let date):
            guard let seconds = XLSXDateSerial.localSeconds(date, in: timeZone) else {
                appendCell(.text(date.formatted(.iso8601)), column: column, row: row)
                return
            }
            openCell(column: column, row: row, style: column < dateStyles.count ? dateStyles[column] : styles.style(for: .date), type: ">")
            buffer.append("<v>")
            buffer.appendDigits(UInt64(seconds / 86_400))
            buffer.append("</v>")
        case .dateTime(let date):
            guard let seconds = XLSXDateSerial.localSeconds(date, in: timeZone) else {
                appendCell(.text(date.formatted(.iso8601)), column: column, row: row)
                return
            }
            let style = column < dateTimeStyles.count ? dateTimeStyles[column] : styles.style(for: .dateTime)
            openCell(column: column, row: row, style: style, type: ">")
            buffer.append("<v>")
            buffer.appendNumber(Double(seconds) / 86_400)
            buffer.append("</v>")
        case .bool(let value):
            openCell(column: column, row: row, style: 0, type: #" t="b">"#)
            buffer.append(value ? "<v>1</v>" : "<v>0</v>")
        }
        buffer.append("</c>")
    }

    private mutating func openCell(column: Int, row: [UInt8], style: Int, type: StaticString) {
        if column >= letters.count {
            letters += (letters.count + 1...column + 1).map(XLSXCellReference.columnLetters)
        }
        buffer.append(#"<c r=""#)
        buffer.append(letters[column])
        buffer.append(row)
        buffer.append(#"""#)
        if style != 0 {
            buffer.append(#" s=""#)
            buffer.appendDigits(UInt64(style))
            buffer.append(#"""#)
        }
        buffer.append(type)
    }

    private mutating func appendInlineText(_ text: String) {
        buffer.append(XMLByteBuffer.needsPreserve(text) ? #"<is><t xml:space="preserve">"# : "<is><t>")
        buffer.appendEscaped(text)
        buffer.append("</t></is>")
    }

    private mutating func decimalStyle(column: Int, places: Int) -> Int {
        if column < columns.count, let format = columns[column].format { return styles.style(for: format) }
        if places == 0 { return 0 }
        if let style = decimalStyles[places] { return style }
        let style = styles.style(for: .decimal(places: places))
        decimalStyles[places] = style
        return style
    }

    /// The number of decimals of a plain decimal (`-?digits(.digits)?`, at most 30 decimals and 300 characters), or
    /// nil for anything else, which is then written as text.
    static func decimalPlaces(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard utf8.count <= 300 else { return nil }
        var index = utf8.startIndex
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") { index = utf8.index(after: index) }
        var integerDigits = 0
        while index < utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) {
            integerDigits += 1
            index = utf8.index(after: index)
        }
        guard integerDigits > 0 else { return nil }
        guard index < utf8.endIndex else { return 0 }
        guard utf8[index] == UInt8(ascii: ".") else { return nil }
        index = utf8.index(after: index)
        var places = 0
        while index < utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) {
            places += 1
            index = utf8.index(after: index)
        }
        guard index == utf8.endIndex, places > 0, places <= 30 else { return nil }
        return places
    }

    /// 1–31 characters, none of `[ ] : * ? / \`, not beginning or ending with an apostrophe (Excel's rules).
    static func isValid(sheetName: String) -> Bool {
        guard (1...31).contains(sheetName.count), !sheetName.hasPrefix("'"), !sheetName.hasSuffix("'") else { return false }
        return !sheetName.unicodeScalars.contains { "[]:*?/\\".unicodeScalars.contains($0) || $0.value < 0x20 }
    }
}
