/// One entry as read and cross-checked by `ZipDirectory`: central-directory values, with the local header already
/// verified to agree and every offset proven to lie inside the upload.
struct ZipEntryRecord: Sendable, Hashable {
    /// Position in the central directory.
    let index: Int
    let name: String
    let flags: Int
    /// 0 stored, 8 deflated; nothing else passes `ZipDirectory`.
    let method: Int
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let localHeaderOffset: Int
    /// First byte of the (compressed) data.
    let dataOffset: Int

    var isDirectory: Bool { name.hasSuffix("/") }
    var usesDataDescriptor: Bool { flags & 0x0008 != 0 }
    /// Lower-cased, for the case-insensitive part-name comparisons OPC requires.
    var key: String { name.lowercased() }
}
