import Foundation
import ZIPFoundation

/// Opens the (already validated) upload with ZIPFoundation's in-memory `Archive` and requires it to list exactly the
/// entries `ZipDirectory` read. The certificate filler will open the stored template with ZIPFoundation, so this
/// proves it will see what we inspected: no entry hidden from one reader and visible to the other.
enum ZipCrossCheck {
    static func verify(_ data: Data, _ directory: ZipDirectory) throws(TemplateRejection) {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .notZip("ZIP 结构无法被读取")
        }
        var index = 0
        for entry in archive {
            guard index < directory.entries.count else { throw .notZip("两种读取方式看到的条目数不一致") }
            let record = directory.entries[index]
            guard entry.path == record.name else { throw .notZip("条目“\(ZipEntryName.display(record.name))”的名称编码有歧义") }
            // A symlink entry would make a later extraction write outside its directory.
            if entry.type == .symlink { throw .pathTraversal(record.name, "是符号链接") }
            // With a data descriptor ZIPFoundation reports the descriptor's values; the directory's are what we verify.
            if !record.usesDataDescriptor,
                entry.compressedSize != UInt64(record.compressedSize) || entry.uncompressedSize != UInt64(record.uncompressedSize)
                    || entry.checksum != record.crc32
            {
                throw .notZip("条目“\(ZipEntryName.display(record.name))”的大小或校验和在两种读取方式下不一致")
            }
            index += 1
        }
        guard index == directory.entries.count else { throw .notZip("两种读取方式看到的条目数不一致") }
    }
}
