/// Judges the sizes entries declare, before anything is inflated. `ZipEntryReader` then refuses to produce a single
/// byte beyond an entry's declared size, so once these checks pass the limits hold for the real data too, however
/// the archive lies.
enum ZipBombGuard {
    static func checkDeclared(_ entries: [ZipEntryRecord], limits: TemplateLimits) throws(TemplateRejection) {
        var total = 0
        for entry in entries {
            total += entry.uncompressedSize
            guard total <= limits.maxTotalUncompressedBytes else {
                throw .zipBomb("声明的解压总大小超过上限 \(ByteCount.text(limits.maxTotalUncompressedBytes))")
            }
            if entry.uncompressedSize > limits.ratioExemptBytes,
                entry.uncompressedSize > max(entry.compressedSize, 1) * limits.maxCompressionRatio
            {
                let ratio = entry.uncompressedSize / max(entry.compressedSize, 1)
                throw .zipBomb(
                    "条目“\(ZipEntryName.display(entry.name))”压缩比约 \(ratio):1（\(ByteCount.text(entry.compressedSize)) → \(ByteCount.text(entry.uncompressedSize))），超过上限 \(limits.maxCompressionRatio):1"
                )
            }
        }
    }
}
