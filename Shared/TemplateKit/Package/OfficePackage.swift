import Foundation

/// A validated zip seen as an OPC package: entries looked up by part name (case-insensitively, as OPC requires) and
/// XML parts read under the per-part cap.
struct OfficePackage {
    let entries: [ZipEntryRecord]
    let reader: ZipEntryReader
    let limits: TemplateLimits
    private let byKey: [String: ZipEntryRecord]

    init(data: Data, directory: ZipDirectory, limits: TemplateLimits) {
        entries = directory.entries
        reader = ZipEntryReader(data: data)
        self.limits = limits
        byKey = Dictionary(directory.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func has(_ part: String) -> Bool { byKey[part.lowercased()] != nil }

    func entry(_ part: String) -> ZipEntryRecord? { byKey[part.lowercased()] }

    /// Inflates every entry (discarding the bytes) so the whole package is proven: sizes as declared, CRCs right.
    /// Whoever opens the stored template later (the certificate filler) can rely on that.
    func verifyAll() throws(TemplateRejection) {
        for entry in entries where !entry.isDirectory {
            _ = try reader.read(entry, keep: false)
        }
    }

    /// The bytes of an XML part we are about to parse, refused before inflating when it declares too much.
    func xml(_ entry: ZipEntryRecord) throws(TemplateRejection) -> Data {
        guard entry.uncompressedSize <= limits.maxXMLPartBytes else {
            throw .tooLarge(
                "XML 部件 \(ZipEntryName.display(entry.name)) 解压后为 \(ByteCount.text(entry.uncompressedSize))，超过单个部件上限 \(ByteCount.text(limits.maxXMLPartBytes))"
            )
        }
        return try reader.read(entry)
    }

    /// Parses `entry` with `handler` after the size cap and the DOCTYPE/encoding screen.
    func parse(_ entry: ZipEntryRecord, into handler: some XMLEventHandler) throws(TemplateRejection) {
        try XMLEvents.parse(try xml(entry), part: entry.name, into: handler)
    }
}
