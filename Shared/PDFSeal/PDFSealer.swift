public import Foundation

/// Seals a PDF: appends an incremental update holding a signature field on page 1 and a CMS signature over every
/// byte of the file except the signature's own hex string (ISO 32000-1 §12.8, PAdES baseline B-B).
///
/// The update adds the signature dictionary and a merged field/widget (plus an empty appearance when the widget is
/// visible) and new versions of the catalog (with `/AcroForm /SigFlags 3`) and of page 1 (the widget in `/Annots`);
/// the original bytes stay as they were, so a sealed PDF/A-2b stays PDF/A-2b and a second seal leaves the first one
/// valid. After a classic cross-reference table the update has one too; after a cross-reference stream, a stream.
public enum PDFSealer {
    /// - Parameters:
    ///   - signingTime: written as the dictionary's `/M` (and as the signing-time attribute for `.pkcs7`).
    ///   - rectangle: `nil` (the default) for an invisible widget; otherwise the widget covers this area of page 1.
    /// - Throws: `PDFSealError` — `PDF_SEAL_MALFORMED`, `PDF_SEAL_ENCRYPTED`, `PDF_SEAL_UNSUPPORTED_XREF` (a
    ///   cross-reference or object stream with a filter other than Flate, or a TIFF predictor), `PDF_SEAL_NO_PAGE`,
    ///   `PDF_SEAL_SIGNING_FAILED`.
    public static func seal(
        _ pdf: Data,
        identity: SealIdentity,
        reason: String,
        location: String,
        signingTime: Date,
        subFilter: SealSubFilter = .cades,
        visibleOver rectangle: SealRectangle? = nil
    ) throws(PDFSealError) -> Data {
        let original = [UInt8](pdf)
        let file = try PDFFile(bytes: original)
        let signature = SignatureDictionary(
            subFilter: subFilter,
            contentsCapacity: try contentsCapacity(for: identity),
            signingTime: signingTime,
            reason: reason,
            location: location,
            name: commonName(of: identity)
        )
        // An update starts on a fresh line even when the original lacks a final end-of-line.
        let separator: [UInt8] = original.last == 0x0A || original.last == 0x0D ? [] : [0x0A]
        var update = IncrementalUpdate(base: original.count + separator.count)
        let signatureBodyStart = try appendObjects(to: &update, file: file, signature: signature, rectangle: rectangle)

        var output = original + separator + update.bytes
        let placeholder = SignaturePlaceholder(
            contentsStart: update.base + signatureBodyStart + signature.contentsOffset,
            capacity: signature.contentsCapacity,
            byteRangeFieldsStart: update.base + signatureBodyStart + signature.byteRangeFieldsOffset
        )
        try placeholder.fill(&output) { digest throws(PDFSealError) in
            try CMSSignedDataBuilder.signedData(digest: digest, identity: identity, signingTime: signingTime, subFilter: subFilter)
        }
        return Data(output)
    }

    /// Room in `/Contents` beyond the certificates: signature (≤ 512 bytes for RSA-4096), signed attributes and
    /// the SignedData framing take well under 1 KB.
    static let contentsOverhead = 2048

    private static func contentsCapacity(for identity: SealIdentity) throws(PDFSealError) -> Int {
        var chainSize = 0
        for certificate in [identity.certificate] + identity.intermediates {
            do {
                chainSize += try CMSSignedDataBuilder.derBytes(of: certificate).count
            } catch {
                throw .signingFailed("证书无法编码（\(error)）")
            }
        }
        return chainSize + contentsOverhead
    }
}
