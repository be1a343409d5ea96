/// The bounds of an export (ExportStatistics).
enum ExportLimits {
    /// Rows in one .xlsx: the sheet holds 1 048 576; a file of 200 000 rows × 60 columns is already ~100 MB and
    /// several minutes for a person's spreadsheet program. Beyond it the export is refused (REPORTS_EXPORT_TOO_LARGE).
    static let maxRows = 200_000
    /// Bytes per spooled chunk and at most per ExportChunk.
    static let chunkSize = 1 << 20
    /// How long a spooled file stays readable.
    static let retentionSeconds = 3600.0
}
