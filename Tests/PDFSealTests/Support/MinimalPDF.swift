import Foundation

/// Writes small hand-made PDFs with a correct cross-reference table, for inputs LibreOffice never produces:
/// cyclic page trees, encryption dictionaries, missing pages.
enum MinimalPDF {
    /// `objects[i]` becomes object `i + 1`; `trailerExtra` is added to the trailer dictionary.
    static func build(_ objects: [String], trailerExtra: String = "", root: Int = 1) -> Data {
        var out = "%PDF-1.7\n"
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        out += "trailer\n<</Size \(objects.count + 1) /Root \(root) 0 R \(trailerExtra)>>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    /// A one-page document with a content stream.
    static let onePage = build([
        "<</Type /Catalog /Pages 2 0 R>>",
        "<</Type /Pages /Kids [3 0 R] /Count 1>>",
        "<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R>>",
        "<</Length 34>>\nstream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream",
    ])
}
