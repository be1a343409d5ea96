/// The bytes appended after the original file (ISO 32000-1 §7.5.6): new object versions, a cross-reference section
/// listing only them, and a trailer whose `/Prev` points at the previous section. The original bytes are never
/// touched, which is what keeps an earlier signature and the PDF/A conformance of the rendered file intact.
struct IncrementalUpdate {
    /// Offset in the final file where `bytes` begins.
    let base: Int
    private(set) var bytes: [UInt8] = []
    private var entries: [(reference: PDFReference, offset: Int)] = []

    init(base: Int) { self.base = base }

    /// Appends `N G obj … endobj`; returns where `body` starts inside `bytes`.
    @discardableResult
    mutating func append(_ reference: PDFReference, body: [UInt8]) -> Int {
        entries.append((reference, base + bytes.count))
        bytes += Array("\(reference.number) \(reference.generation) obj\n".utf8)
        let bodyStart = bytes.count
        bytes += body
        bytes += Array("\nendobj\n".utf8)
        return bodyStart
    }

    /// Writes the cross-reference section and the trailer. Entries are grouped into runs of consecutive numbers,
    /// each line exactly 20 bytes (`nnnnnnnnnn ggggg n` + space + LF, §7.5.4).
    mutating func finish(trailer: PDFDictionary) {
        let xrefOffset = base + bytes.count
        bytes += Array("xref\n".utf8)
        let sorted = entries.sorted { $0.reference.number < $1.reference.number }
        var index = 0
        while index < sorted.count {
            var end = index + 1
            while end < sorted.count, sorted[end].reference.number == sorted[end - 1].reference.number + 1 { end += 1 }
            bytes += Array("\(sorted[index].reference.number) \(end - index)\n".utf8)
            for entry in sorted[index..<end] {
                bytes += Array("\(Self.padded(entry.offset, width: 10)) \(Self.padded(entry.reference.generation, width: 5)) n \n".utf8)
            }
            index = end
        }
        bytes += Array("trailer\n".utf8)
        bytes += PDFObject.dictionary(trailer).serialized
        bytes += Array("\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
    }

    private static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
