public import Foundation

/// Inspects an uploaded template as hostile input and lists its bookmarks (docx) or defined names (xlsx).
///
/// Everything happens in memory. The order is cheapest-first, and nothing is inflated until the declared sizes have
/// passed: size → zip structure (our strict reader; encryption, names, declared bomb) → ZIPFoundation agrees →
/// macro and embedded-object part names → every entry inflated under its declared size and CRC-checked → format →
/// content types → external links → embedded objects and altChunks by relationship → bookmarks. Each refusal is a `TemplateRejection` whose message says what to fix.
public struct TemplateInspector: Sendable {
    public let limits: TemplateLimits

    public init(limits: TemplateLimits = TemplateLimits()) {
        self.limits = limits
    }

    public func inspect(_ data: Data, declared: TemplateFormat) throws(TemplateRejection) -> TemplateInspection {
        guard data.count <= limits.maxUploadBytes else {
            throw .tooLarge("文件大小 \(ByteCount.text(data.count))，超过上限 \(ByteCount.text(limits.maxUploadBytes))")
        }
        let directory = try ZipDirectory(data, limits: limits)
        try ZipBombGuard.checkDeclared(directory.entries, limits: limits)
        try ZipCrossCheck.verify(data, directory)
        try MacroPolicy.checkNames(directory.entries)
        try EmbeddedContentPolicy.checkNames(directory.entries)
        let package = OfficePackage(data: data, directory: directory, limits: limits)
        try package.verifyAll()
        try FormatPolicy.checkParts(package, declared: declared)
        let types = try ContentTypes.read(package, format: declared)
        try MacroPolicy.checkContentTypes(types)
        try EmbeddedContentPolicy.checkContentTypes(types)
        try FormatPolicy.checkMainType(types, declared: declared)
        try ExternalLinkPolicy.check(package)
        try EmbeddedContentPolicy.check(package)
        let fields =
            switch declared {
            case .docx: try WordBookmarkScanner.scan(package)
            case .xlsx: try ExcelNameScanner.scan(package)
            }
        return TemplateInspection(format: declared, bookmarks: FieldClassifier.classify(fields))
    }

    /// `inspect` on the global task pool. Inflating and parsing an upload of up to `maxUploadBytes` takes long
    /// enough to stall whatever thread runs it; a service's RPC handlers start on its broker connection's thread,
    /// whose heartbeats and every other call on that instance would wait (as password hashing does, see
    /// `PasswordHasher.verifyInBackground`).
    public func inspectInBackground(_ data: Data, declared: TemplateFormat) async throws(TemplateRejection) -> TemplateInspection {
        let inspector = self
        let outcome = await Task.detached { () -> Result<TemplateInspection, TemplateRejection> in
            do throws(TemplateRejection) {
                return .success(try inspector.inspect(data, declared: declared))
            } catch {
                return .failure(error)
            }
        }.value
        return try outcome.get()
    }
}
