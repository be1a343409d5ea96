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

    /// Writes the cross-reference section and the trailer: a classic table, or — when the file before uses
    /// cross-reference streams and `stream` names the object to hold it — a cross-reference stream (§7.5.8.4).
    mutating func finish(trailer: PDFDictionary, stream: PDFReference? = nil) {
        if let stream {
            finishWithStream(trailer: trailer, reference: stream)
            return
        }
        let xrefOffset = base + bytes.count
        bytes += Array("xref\n".utf8)
        for run in runs() {
            bytes += Array("\(run[0].reference.number) \(run.count)\n".utf8)
            // Each line exactly 20 bytes: `nnnnnnnnnn ggggg n` + space + LF (§7.5.4).
            for entry in run {
                bytes += Array("\(Self.padded(entry.offset, width: 10)) \(Self.padded(entry.reference.generation, width: 5)) n \n".utf8)
            }
        }
        bytes += Array("trailer\n".utf8)
        bytes += PDFObject.dictionary(trailer).serialized
        bytes += Array("\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
    }

    /// An uncompressed cross-reference stream listing the new objects and itself; the trailer's entries go into its
    /// dictionary. Fields: type 1 (one byte), offset (as many bytes as the largest needs), generation (two bytes).
    private mutating func finishWithStream(trailer: PDFDictionary, reference: PDFReference) {
        let xrefOffset = base + bytes.count
        entries.append((reference, xrefOffset))
        var offsetWidth = 1
        while xrefOffset >> (8 * offsetWidth) > 0 { offsetWidth += 1 }
        var data: [UInt8] = []
        var index: [PDFObject] = []
        for run in runs() {
            index += [.integer(run[0].reference.number), .integer(run.count)]
            for entry in run {
                data.append(1)
                for shift in stride(from: offsetWidth - 1, through: 0, by: -1) { data.append(UInt8(truncatingIfNeeded: entry.offset >> (8 * shift))) }
                data += [UInt8(truncatingIfNeeded: entry.reference.generation >> 8), UInt8(truncatingIfNeeded: entry.reference.generation)]
            }
        }
        var dictionary = trailer
        for key in ["Filter", "DecodeParms", "Length", "W", "Index"] { dictionary[key] = nil }
        dictionary["Type"] = .name("XRef")
        dictionary["W"] = .array([.integer(1), .integer(offsetWidth), .integer(2)])
        dictionary["Index"] = .array(index)
        dictionary["Length"] = .integer(data.count)
        bytes += Array("\(reference.number) \(reference.generation) obj\n".utf8)
        bytes += PDFObject.dictionary(dictionary).serialized
        bytes += Array("\nstream\n".utf8) + data + Array("\nendstream\nendobj\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
    }

    /// The entries sorted by object number, in runs of consecutive numbers (one subsection each).
    private func runs() -> [[(reference: PDFReference, offset: Int)]] {
        var runs: [[(reference: PDFReference, offset: Int)]] = []
        for entry in entries.sorted(by: { $0.reference.number < $1.reference.number }) {
            if let last = runs.last?.last, last.reference.number + 1 == entry.reference.number {
                runs[runs.count - 1].append(entry)
            } else {
                runs.append([entry])
            }
        }
        return runs
    }

    private static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
