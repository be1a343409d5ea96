import Crypto
public import Foundation
import X509

/// Seals a PDF: appends an incremental update holding a signature field on page 1 and a CMS signature over every
/// byte of the file except the signature's own hex string (ISO 32000-1 §12.8, PAdES baseline B-B).
///
/// The update adds two objects (the signature dictionary and a merged field/widget) and new versions of the catalog
/// (with `/AcroForm /SigFlags 3`) and of page 1 (the widget in `/Annots`); the original bytes stay as they were, so
/// a sealed PDF/A-2b stays PDF/A-2b and a second seal leaves the first one valid.
public enum PDFSealer {
    /// Room in `/Contents` beyond the certificates: signature (≤ 512 bytes for RSA-4096), signed attributes and
    /// the SignedData framing take well under 1 KB.
    static let contentsOverhead = 2048

    /// - Parameters:
    ///   - signingTime: written as the dictionary's `/M` (and as the signing-time attribute for `.pkcs7`).
    ///   - fieldName: the signature field's partial name; `nil` gives `Seal<object number>`, unique in the file.
    /// - Throws: `PDFSealError` — `PDF_SEAL_MALFORMED`, `PDF_SEAL_ENCRYPTED`, `PDF_SEAL_UNSUPPORTED_XREF`,
    ///   `PDF_SEAL_NO_PAGE`, `PDF_SEAL_SIGNING_FAILED`.
    public static func seal(
        _ pdf: Data,
        identity: SealIdentity,
        reason: String,
        location: String,
        signingTime: Date,
        subFilter: SealSubFilter = .cades
    ) throws(PDFSealError) -> Data {
        let original = [UInt8](pdf)
        let file = try PDFFile(bytes: original)
        let trailer = file.trailer
        guard trailer["Encrypt"] == nil else { throw .encrypted }
        guard let rootReference = trailer["Root"]?.referenceValue, var catalog = try file.object(rootReference).dictionaryValue else {
            throw .malformed("trailer 没有指向目录字典的 /Root")
        }
        // 8,388,607 is the most objects a PDF may have (ISO 32000-1 Annex C); it also keeps `size + 2` from overflowing.
        guard let size = trailer["Size"]?.integer, (1...8_388_607).contains(size) else { throw .malformed("trailer 没有有效的 /Size") }
        let (pageReference, page) = try file.firstPage(catalog: catalog)

        let signatureReference = PDFReference(number: size, generation: 0)
        let fieldReference = PDFReference(number: size + 1, generation: 0)

        // The catalog's form: an indirect /AcroForm or /Fields is copied in as a direct value, which keeps every entry
        // and spares a third rewritten object.
        var form = try file.resolve(catalog["AcroForm"] ?? .dictionary(PDFDictionary())).dictionaryValue ?? PDFDictionary()
        let fields = try file.resolve(form["Fields"] ?? .array([])).arrayValue ?? []
        form["Fields"] = .array(fields + [.reference(fieldReference)])
        form["SigFlags"] = .integer(3)
        catalog["AcroForm"] = .dictionary(form)

        var newPage = page
        let annotations = try file.resolve(page["Annots"] ?? .array([])).arrayValue ?? []
        newPage["Annots"] = .array(annotations + [.reference(fieldReference)])

        // Flags 132 = Print (4) + Locked (128): PDF/A wants printable annotations, and the seal must not be moved.
        // A zero rectangle makes the widget invisible and, per ISO 19005-2 §6.3.3, needs no appearance stream.
        let field = PDFDictionary([
            ("Type", .name("Annot")), ("Subtype", .name("Widget")), ("FT", .name("Sig")),
            ("T", .string(Array("Seal\(fieldReference.number)".utf8), hex: false)), ("V", .reference(signatureReference)), ("F", .integer(132)),
            ("Rect", .array([.integer(0), .integer(0), .integer(0), .integer(0)])), ("P", .reference(pageReference)),
        ])

        var chainSize = 0
        for certificate in [identity.certificate] + identity.intermediates {
            do {
                chainSize += try CMSSignedDataBuilder.derBytes(of: certificate).count
            } catch {
                throw .signingFailed("证书无法编码（\(error)）")
            }
        }
        let signature = SignatureDictionary(
            subFilter: subFilter,
            contentsCapacity: chainSize + contentsOverhead,
            signingTime: signingTime,
            reason: reason,
            location: location,
            name: commonName(of: identity)
        )

        // An update starts on a fresh line even when the original lacks a final end-of-line.
        let separator: [UInt8] = original.last == 0x0A || original.last == 0x0D ? [] : [0x0A]
        var update = IncrementalUpdate(base: original.count + separator.count)
        let signatureBodyStart = update.append(signatureReference, body: signature.body)
        update.append(fieldReference, body: PDFObject.dictionary(field).serialized)
        update.append(rootReference, body: PDFObject.dictionary(catalog).serialized)
        update.append(pageReference, body: PDFObject.dictionary(newPage).serialized)

        var newTrailer = trailer
        for key in ["Prev", "XRefStm", "DocChecksum"] { newTrailer[key] = nil }
        newTrailer["Size"] = .integer(size + 2)
        newTrailer["Prev"] = .integer(file.startxref)
        update.finish(trailer: newTrailer)

        var output = original + separator + update.bytes
        let contentsStart = update.base + signatureBodyStart + signature.contentsOffset
        let contentsEnd = contentsStart + 2 * signature.contentsCapacity + 2
        let byteRange = [contentsEnd, output.count - contentsEnd]
        let byteRangeFields = SignatureDictionary.byteRangeFields([contentsStart] + byteRange)
        let fieldsStart = update.base + signatureBodyStart + signature.byteRangeFieldsOffset
        output.replaceSubrange(fieldsStart..<(fieldsStart + byteRangeFields.count), with: byteRangeFields)

        var hasher = SHA256()
        hasher.update(data: output[0..<contentsStart])
        hasher.update(data: output[contentsEnd...])
        let cms = try CMSSignedDataBuilder.signedData(
            digest: Array(hasher.finalize()),
            identity: identity,
            signingTime: signingTime,
            subFilter: subFilter
        )
        guard cms.count <= signature.contentsCapacity else {
            throw .signingFailed("签名长 \(cms.count) 字节，超过预留的 \(signature.contentsCapacity) 字节")
        }
        var hex: [UInt8] = []
        PDFObject.writeHex(cms, into: &hex)
        // `hex` includes its angle brackets; the zeros after it stay as padding (§12.8.1 allows it).
        output.replaceSubrange(contentsStart..<(contentsStart + hex.count - 1), with: hex.dropLast())
        return Data(output)
    }

    private static func commonName(of identity: SealIdentity) -> String? {
        for rdn in identity.certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let name = String(attribute.value) { return name }
            }
        }
        return nil
    }
}
