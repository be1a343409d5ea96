import FlowsDocumentsAPI
import Foundation
import OpenAPIRuntime

/// A stored file (template, regulation) sent as itself rather than as base64 in JSON, so a browser link or the mobile
/// app's downloader saves it under its own name (the document's `File` response).
extension Components.Responses.File {
    static func attachment(_ content: Data, contentType: String, filename: String) -> Self {
        // The bytes were uploaded by users: a browser must not guess a more dangerous type than the one declared.
        let headers = Headers(contentDisposition: contentDisposition(filename: filename), xContentTypeOptions: .nosniff)
        let body = HTTPBody(content)
        return switch contentType {
        case "application/pdf": .init(headers: headers, body: .pdf(body))
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
            .init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(body))
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            .init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body))
        // The services name the type from a fixed list; anything else (or nothing) is sent as opaque bytes rather
        // than trusted into a header.
        default: .init(headers: headers, body: .binary(body))
        }
    }

    /// RFC 6266 with the RFC 8187 `filename*` form, the only one that carries a Chinese name reliably (a bare
    /// `filename="…"` would need non-ASCII bytes in a header). Every byte outside attr-char is percent-encoded, so
    /// quotes, semicolons and line breaks in a stored name cannot break out of the header.
    static func contentDisposition(filename: String) -> String {
        let name = filename.isEmpty ? "download" : filename
        return "attachment; filename*=UTF-8''" + percentEncoded(name)
    }

    /// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
    static func percentEncoded(_ text: String) -> String {
        let unreserved = Set("!#$&+-.^_`|~".utf8)
        var result = ""
        for byte in text.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || unreserved.contains(byte) {
                result.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
