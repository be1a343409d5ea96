/// One entry of the template's zip as its central directory describes it, with where its data starts. Read only
/// after `OfficeArchive` accepted the file, so these values were already proven consistent; the reader still
/// bounds-checks every offset.
struct ZipEntry {
    let name: String
    /// 0 stored, 8 deflated (OfficeArchive accepts nothing else).
    let method: UInt16
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let dataOffset: Int
}
