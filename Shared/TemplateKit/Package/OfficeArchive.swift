public import Foundation

/// An uploaded Office file opened to read its XML parts — records' ledger import reads an .xlsx's cells — behind the
/// same hostile-upload checks as `TemplateInspector`: the size ceiling, our strict zip reader (encryption, unsafe
/// names, overlapping entries, ZIP64), the declared-size bomb guard, ZIPFoundation's agreement, and every part
/// inflated under its declared size and CRC-checked before anything is parsed. A part is handed out only after
/// `XMLGuard` (no DOCTYPE/ENTITY, UTF-8) and under the per-part cap, so the caller's `XMLParser` never sees
/// anything the inspector would not parse itself.
///
/// Not an inspection: macros, external links and embedded objects are not refused, since nothing here renders or
/// executes the file; the caller reads cell values only.
public struct OfficeArchive: Sendable {
    let data: Data
    let directory: ZipDirectory
    let limits: TemplateLimits

    public init(_ data: Data, limits: TemplateLimits = TemplateLimits()) throws(TemplateRejection) {
        guard data.count <= limits.maxUploadBytes else {
            throw .tooLarge("文件大小 \(ByteCount.text(data.count))，超过上限 \(ByteCount.text(limits.maxUploadBytes))")
        }
        let directory = try ZipDirectory(data, limits: limits)
        try ZipBombGuard.checkDeclared(directory.entries, limits: limits)
        try ZipCrossCheck.verify(data, directory)
        try OfficePackage(data: data, directory: directory, limits: limits).verifyAll()
        self.data = data
        self.directory = directory
        self.limits = limits
    }

    /// Whether the part exists (names compared case-insensitively, as OPC requires).
    public func has(_ part: String) -> Bool {
        directory.entries.contains { $0.key == part.lowercased() }
    }

    /// The screened bytes of an XML part, nil when the package has no such part.
    public func xmlPart(_ part: String) throws(TemplateRejection) -> Data? {
        let package = OfficePackage(data: data, directory: directory, limits: limits)
        guard let entry = package.entry(part) else { return nil }
        let bytes = try package.xml(entry)
        try XMLGuard.screen(bytes, part: entry.name)
        return bytes
    }
}
