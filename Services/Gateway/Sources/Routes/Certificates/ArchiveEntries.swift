import Contracts

/// What the batch download puts in its zip for one certificate: a folder named after the number, holding the sealed
/// original, the raw record and (once voided) the voided copy, each a stored file the service reads out by address.
struct CertificateArchiveEntries {
    struct File {
        var path: String
        var sha256: String
    }

    /// Folder names used so far: a number that repeats (it should not) or is empty gets the certificate's id added.
    private var folders: Set<String> = []

    mutating func files(of certificate: Metrology_Certificates_V1_Certificate) -> [File] {
        let number = Self.safeName(certificate.number)
        var folder = number.isEmpty ? Self.safeName(certificate.id) : number
        if folder.isEmpty || !folders.insert(folder).inserted {
            folder += "-" + Self.safeName(certificate.id)
            folders.insert(folder)
        }
        let base = number.isEmpty ? folder : number
        var files: [File] = []
        if certificate.hasPdf, !certificate.pdf.sha256.isEmpty { files.append(File(path: "\(folder)/\(base).pdf", sha256: certificate.pdf.sha256)) }
        if certificate.hasRawRecordPdf, !certificate.rawRecordPdf.sha256.isEmpty {
            files.append(File(path: "\(folder)/\(base)-原始记录.pdf", sha256: certificate.rawRecordPdf.sha256))
        }
        if certificate.hasVoidedPdf, !certificate.voidedPdf.sha256.isEmpty {
            files.append(File(path: "\(folder)/\(base)-作废.pdf", sha256: certificate.voidedPdf.sha256))
        }
        return files
    }

    /// A number as one path segment: separators, characters Windows forbids in names, control characters and a
    /// leading dot become `_` (a number comes from the lab's numbering rule, which may contain `/`).
    static func safeName(_ text: String) -> String {
        var name = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || scalar.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains(scalar) ? "_" : scalar
                }))
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return String(name.prefix(120))
    }
}
