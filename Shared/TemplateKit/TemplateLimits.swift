/// Ceilings for an uploaded template. Every one is checked before the work it bounds is done (declared sizes before
/// inflating, entry count before walking the directory), and again while streaming, so a lying header cannot make us
/// do more than the limits allow.
public struct TemplateLimits: Sendable, Hashable {
    /// The upload itself.
    public var maxUploadBytes: Int
    /// Entries in the zip directory (a real template has a few dozen).
    public var maxEntries: Int
    /// Sum of all entries' uncompressed sizes.
    public var maxTotalUncompressedBytes: Int
    /// Uncompressed ÷ compressed for one entry. Office XML compresses 5–20:1; deflate's ceiling is about 1 032:1.
    public var maxCompressionRatio: Int
    /// Entries smaller than this when inflated are not judged by ratio: a 1 KiB entry of spaces is 1 000:1 and
    /// harmless, and judging it would reject honest files.
    public var ratioExemptBytes: Int
    /// One XML part that we hand to the XML parser.
    public var maxXMLPartBytes: Int

    public init(
        maxUploadBytes: Int = 10 << 20,
        maxEntries: Int = 2_000,
        maxTotalUncompressedBytes: Int = 100 << 20,
        maxCompressionRatio: Int = 100,
        ratioExemptBytes: Int = 1 << 20,
        maxXMLPartBytes: Int = 20 << 20
    ) {
        self.maxUploadBytes = maxUploadBytes
        self.maxEntries = maxEntries
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioExemptBytes = ratioExemptBytes
        self.maxXMLPartBytes = maxXMLPartBytes
    }
}
