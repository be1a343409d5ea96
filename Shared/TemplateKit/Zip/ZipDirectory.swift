import Foundation

/// The zip's central directory, read by us, strictly, before ZIPFoundation sees the upload.
///
/// Why not simply `Archive(data:accessMode:)` first: ZIPFoundation 0.9.20 trusts the archive. Probed on Linux, an
/// entry whose local-header offset points past the end traps the whole process ("Range requires lowerBound <=
/// upperBound" in `MemoryFile.readData`); a deflate stream that never ends makes `Archive.extract` spin forever; and
/// with no end record its scan seeks byte by byte through the entire upload. It also keeps the encryption flag
/// internal. So this reader proves every structure lies inside the data and that the central directory and the local
/// headers tell the same story; ZIPFoundation then only ever sees data that cannot hurt it (`ZipCrossCheck`,
/// `ZipEntryReader`). Office writes plain, single-disk, non-ZIP64 archives, so anything fancier is refused.
struct ZipDirectory {
    let entries: [ZipEntryRecord]

    static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let centralHeaderSignature = 0x0201_4B50
    static let endRecordSignature = 0x0605_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    /// OLE compound file: legacy .doc/.xls, and also what Office writes for a password-protected .docx/.xlsx.
    static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// Bit 0 traditional encryption, bit 6 strong encryption, bit 13 encrypted central directory.
    static let encryptionFlags = 0x0001 | 0x0040 | 0x2000

    init(_ data: Data, limits: TemplateLimits) throws(TemplateRejection) {
        let view = ByteView(data: data)
        if view.matches(Self.compoundFileMagic, at: 0) { throw Self.compoundFileRejection(data) }
        guard view.matches(Self.localHeaderSignature, at: 0) else {
            throw .notZip("文件开头不是 ZIP 本地文件头（PK\\3\\4）")
        }
        let end = try Self.endRecord(view, limits: limits)
        var records: [ZipEntryRecord] = []
        records.reserveCapacity(end.count)
        var seen: Set<String> = []
        var position = end.directoryOffset
        for index in 0..<end.count {
            let (record, next) = try Self.entry(view, at: position, index: index, directoryOffset: end.directoryOffset, directoryEnd: end.position)
            guard seen.insert(record.key).inserted else {
                throw .notZip("有两个同名条目“\(ZipEntryName.display(record.name))”（部件名不区分大小写）")
            }
            records.append(record)
            position = next
        }
        guard position == end.position else { throw .notZip("中央目录长度与目录结尾记录不符") }
        try Self.checkLayout(records)
        entries = records
    }

    /// Password-protected Office files are not zips at all but OLE containers holding an "EncryptedPackage" stream
    /// (its name is stored in UTF-16LE); tell that apart from a plain old .doc/.xls.
    private static func compoundFileRejection(_ data: Data) -> TemplateRejection {
        let marker = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if data.range(of: marker) != nil {
            return .encrypted("这是以密码加密的 Office 文档（OLE 容器中的 EncryptedPackage）")
        }
        return .notZip("这是旧版 Word/Excel 97-2003（.doc/.xls）格式，请在 Office 中另存为 .docx/.xlsx")
    }

    private struct EndRecord {
        let position: Int
        let count: Int
        let directoryOffset: Int
    }

    /// Finds the end-of-central-directory record the way ZIPFoundation does (the last signature, scanning back over at
    /// most a maximal comment), then insists it is exactly at the end and describes a directory right before it.
    private static func endRecord(_ view: ByteView, limits: TemplateLimits) throws(TemplateRejection) -> EndRecord {
        let fixedSize = 22
        guard view.count >= fixedSize else { throw .notZip("文件太短") }
        var position = view.count - fixedSize
        let lowest = max(0, position - 0xFFFF)
        while position >= lowest, view.u32(position) != endRecordSignature { position -= 1 }
        guard position >= lowest, let disk = view.u16(position + 4), let directoryDisk = view.u16(position + 6),
            let onDisk = view.u16(position + 8), let count = view.u16(position + 10), let size = view.u32(position + 12),
            let offset = view.u32(position + 16), let commentLength = view.u16(position + 20)
        else { throw .notZip("找不到 ZIP 目录结尾记录") }
        guard position + fixedSize + commentLength == view.count else { throw .notZip("ZIP 目录结尾记录之后有多余数据") }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || (position >= 20 && view.u32(position - 20) == zip64LocatorSignature) {
            throw .notZip("不支持 ZIP64 格式")
        }
        guard disk == 0, directoryDisk == 0, onDisk == count else { throw .notZip("不支持分卷压缩包") }
        guard count <= limits.maxEntries else { throw .tooManyEntries(count, limit: limits.maxEntries) }
        guard offset + size == position, size >= count * 46 else { throw .notZip("中央目录的位置或大小与文件不符") }
        return EndRecord(position: position, count: count, directoryOffset: offset)
    }

    /// One central-directory record and its local header; returns the record and where the next one starts.
    private static func entry(
        _ view: ByteView, at position: Int, index: Int, directoryOffset: Int, directoryEnd: Int
    ) throws(TemplateRejection)
        -> (ZipEntryRecord, Int)
    {
        guard view.u32(position) == centralHeaderSignature, let flags = view.u16(position + 8), let method = view.u16(position + 10),
            let crc = view.u32(position + 16), let compressed = view.u32(position + 20), let uncompressed = view.u32(position + 24),
            let nameLength = view.u16(position + 28), let extraLength = view.u16(position + 30),
            let commentLength = view.u16(position + 32), let localOffset = view.u32(position + 42)
        else { throw .notZip("中央目录第 \(index + 1) 项损坏") }
        let next = position + 46 + nameLength + extraLength + commentLength
        guard next <= directoryEnd, let nameBytes = view.bytes(position + 46, nameLength),
            let extra = view.bytes(position + 46 + nameLength, extraLength), extraFieldsTile(extra)
        else { throw .notZip("中央目录第 \(index + 1) 项损坏") }
        // Entry names are decoded as UTF-8 whatever bit 11 says: Office names are ASCII, a subset.
        guard let name = String(data: nameBytes, encoding: .utf8) else { throw .notZip("中央目录第 \(index + 1) 项的条目名不是 UTF-8 文本") }
        let shown = ZipEntryName.display(name)

        if flags & encryptionFlags != 0 || method == 99 { throw .encrypted("条目“\(shown)”使用了 ZIP 加密") }
        if let why = ZipEntryName.problem(name) { throw .pathTraversal(name, why) }
        guard method == 0 || method == 8 else { throw .notZip("条目“\(shown)”使用了不支持的压缩方式（\(method)）") }
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF { throw .notZip("不支持 ZIP64 格式") }
        if method == 0 && compressed != uncompressed { throw .notZip("未压缩条目“\(shown)”的两个大小不一致") }

        guard localOffset + 30 <= directoryOffset, view.matches(localHeaderSignature, at: localOffset),
            let localFlags = view.u16(localOffset + 6), let localMethod = view.u16(localOffset + 8),
            let localNameLength = view.u16(localOffset + 26), let localExtraLength = view.u16(localOffset + 28),
            let localExtra = view.bytes(localOffset + 30 + localNameLength, localExtraLength), extraFieldsTile(localExtra)
        else { throw .notZip("条目“\(shown)”的本地文件头损坏或超出文件范围") }
        if localFlags & encryptionFlags != 0 { throw .encrypted("条目“\(shown)”使用了 ZIP 加密") }
        // ZIPFoundation takes the method from the local header and the name from the directory; they must agree or
        // two readers of the same file would see different content.
        guard localMethod == method, view.bytes(localOffset + 30, localNameLength) == nameBytes else {
            throw .notZip("条目“\(shown)”的本地文件头与中央目录不一致")
        }
        let dataOffset = localOffset + 30 + localNameLength + localExtraLength
        guard dataOffset + compressed <= directoryOffset else { throw .notZip("条目“\(shown)”的数据超出文件范围") }
        let record = ZipEntryRecord(
            index: index, name: name, flags: flags, method: method, crc32: UInt32(crc), compressedSize: compressed,
            uncompressedSize: uncompressed, localHeaderOffset: localOffset, dataOffset: dataOffset)
        return (record, next)
    }

    /// Extra fields are (id, length, bytes) records that must exactly fill the space given to them.
    private static func extraFieldsTile(_ extra: Data) -> Bool {
        let view = ByteView(data: extra)
        var position = 0
        while position < view.count {
            guard let length = view.u16(position + 2), position + 4 + length <= view.count else { return false }
            position += 4 + length
        }
        return true
    }

    /// Entries must start at the beginning of the file and must not share bytes: overlapping entries are how the
    /// densest zip bombs reuse one compressed kernel thousands of times, and no archiver writes them.
    private static func checkLayout(_ records: [ZipEntryRecord]) throws(TemplateRejection) {
        let ordered = records.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        guard let first = ordered.first else { return }
        guard first.localHeaderOffset == 0 else { throw .notZip("文件开头有不属于任何条目的数据") }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where previous.dataOffset + previous.compressedSize > next.localHeaderOffset {
            throw .zipBomb("条目“\(ZipEntryName.display(previous.name))”与“\(ZipEntryName.display(next.name))”的数据相互重叠")
        }
    }
}
