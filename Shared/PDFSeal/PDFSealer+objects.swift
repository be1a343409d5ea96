import Foundation
import X509

extension PDFSealer {
    /// Appends the signature dictionary, the field/widget, the optional appearance, the catalog and page 1, and the
    /// cross-reference section with the trailer; returns where the signature dictionary's body starts in the update.
    static func appendObjects(
        to update: inout IncrementalUpdate,
        file: PDFFile,
        signature: SignatureDictionary,
        rectangle: SealRectangle?
    ) throws(PDFSealError) -> Int {
        let trailer = file.trailer
        guard trailer["Encrypt"] == nil else { throw .encrypted }
        guard let rootReference = trailer["Root"]?.referenceValue, var catalog = try file.object(rootReference).dictionaryValue else {
            throw .malformed("trailer 没有指向目录字典的 /Root")
        }
        // 8,388,607 is the most objects a PDF may have (ISO 32000-1 Annex C); it also keeps `size + 3` from overflowing.
        guard let size = trailer["Size"]?.integer, (1...8_388_607).contains(size) else { throw .malformed("trailer 没有有效的 /Size") }
        let (pageReference, page) = try file.firstPage(catalog: catalog)

        let signatureReference = PDFReference(number: size, generation: 0)
        let fieldReference = PDFReference(number: size + 1, generation: 0)
        let appearanceReference = PDFReference(number: size + 2, generation: 0)

        // The catalog's form: an indirect /AcroForm or /Fields is copied in as a direct value, which keeps every entry
        // and spares rewriting a third existing object.
        var form = try file.resolve(catalog["AcroForm"] ?? .dictionary(PDFDictionary())).dictionaryValue ?? PDFDictionary()
        let fields = try file.resolve(form["Fields"] ?? .array([])).arrayValue ?? []
        form["Fields"] = .array(fields + [.reference(fieldReference)])
        form["SigFlags"] = .integer(3)
        catalog["AcroForm"] = .dictionary(form)

        var newPage = page
        let annotations = try file.resolve(page["Annots"] ?? .array([])).arrayValue ?? []
        newPage["Annots"] = .array(annotations + [.reference(fieldReference)])

        // Flags 132 = Print (4) + Locked (128): PDF/A wants printable annotations, and the seal must not be moved.
        // A zero rectangle makes the widget invisible and, per ISO 19005-2 §6.3.3, needs no appearance stream; a
        // visible one gets an empty, transparent appearance, since the seal image is already part of the page.
        var field = PDFDictionary([
            ("Type", .name("Annot")), ("Subtype", .name("Widget")), ("FT", .name("Sig")),
            ("T", .string(Array("Seal\(fieldReference.number)".utf8), hex: false)), ("V", .reference(signatureReference)),
            ("F", .integer(132)), ("Rect", .array([.integer(0), .integer(0), .integer(0), .integer(0)])), ("P", .reference(pageReference)),
        ])
        if let rectangle {
            field["Rect"] = .array([rectangle.x, rectangle.y, rectangle.x + rectangle.width, rectangle.y + rectangle.height].map(number))
            field["AP"] = .dictionary(PDFDictionary([("N", .reference(appearanceReference))]))
        }

        let signatureBodyStart = update.append(signatureReference, body: signature.body)
        update.append(fieldReference, body: PDFObject.dictionary(field).serialized)
        if let rectangle {
            var body = PDFObject.dictionary(
                PDFDictionary([
                    ("Type", .name("XObject")), ("Subtype", .name("Form")),
                    ("BBox", .array([.integer(0), .integer(0), number(rectangle.width), number(rectangle.height)])),
                    ("Resources", .dictionary(PDFDictionary())), ("Length", .integer(0)),
                ])
            ).serialized
            body += Array("\nstream\n\nendstream".utf8)
            update.append(appearanceReference, body: body)
        }
        update.append(rootReference, body: PDFObject.dictionary(catalog).serialized)
        update.append(pageReference, body: PDFObject.dictionary(newPage).serialized)

        // After a cross-reference stream the update's section is a stream too, in the next free object number.
        let nextNumber = size + (rectangle == nil ? 2 : 3)
        let xrefStream = file.usesXrefStream ? PDFReference(number: nextNumber, generation: 0) : nil
        var newTrailer = trailer
        for key in ["Prev", "XRefStm", "DocChecksum"] { newTrailer[key] = nil }
        newTrailer["Size"] = .integer(nextNumber + (xrefStream == nil ? 0 : 1))
        newTrailer["Prev"] = .integer(file.startxref)
        update.finish(trailer: newTrailer, stream: xrefStream)
        return signatureBodyStart
    }

    /// A coordinate with at most two decimals and no exponent (PDF has no exponent syntax, §7.3.3).
    static func number(_ value: Double) -> PDFObject {
        guard value.isFinite else { return .integer(0) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return .number(text == "-0" ? "0" : text)
    }

    static func commonName(of identity: SealIdentity) -> String? {
        for rdn in identity.certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let name = String(attribute.value) { return name }
            }
        }
        return nil
    }
}
