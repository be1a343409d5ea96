import Crypto

/// Where the signature goes in the finished file, and the last step of sealing: write `/ByteRange`, hash the two
/// ranges around `/Contents`, and put the CMS into the hex string. Padding zeros after the CMS are allowed
/// (ISO 32000-1 §12.8.1) and keep every offset fixed.
struct SignaturePlaceholder {
    /// Offset of `<` of `/Contents` in the file.
    let contentsStart: Int
    /// Bytes of CMS the hex string can hold.
    let capacity: Int
    /// Offset of the three variable `/ByteRange` fields in the file.
    let byteRangeFieldsStart: Int

    /// Offset just after `>` of `/Contents`.
    var contentsEnd: Int { contentsStart + 2 * capacity + 2 }

    func fill(_ output: inout [UInt8], signing: ([UInt8]) throws(PDFSealError) -> [UInt8]) throws(PDFSealError) {
        let fields = SignatureDictionary.byteRangeFields([contentsStart, contentsEnd, output.count - contentsEnd])
        // A number wider than its field would overwrite the bytes after the placeholder.
        guard fields.count == 3 * (SignatureDictionary.byteRangeFieldWidth + 1) - 1 else {
            throw .signingFailed("文件过大（\(output.count) 字节），/ByteRange 放不下")
        }
        output.replaceSubrange(byteRangeFieldsStart..<(byteRangeFieldsStart + fields.count), with: fields)

        var hasher = SHA256()
        hasher.update(data: output[0..<contentsStart])
        hasher.update(data: output[contentsEnd...])
        let cms = try signing(Array(hasher.finalize()))
        guard cms.count <= capacity else { throw .signingFailed("签名长 \(cms.count) 字节，超过预留的 \(capacity) 字节") }

        var hex: [UInt8] = []
        PDFObject.writeHex(cms, into: &hex)
        // `hex` carries its own brackets; the placeholder's `<` is overwritten by the same byte, its `>` is kept.
        output.replaceSubrange(contentsStart..<(contentsStart + hex.count - 1), with: hex.dropLast())
    }
}
