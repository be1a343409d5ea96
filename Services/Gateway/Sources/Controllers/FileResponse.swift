import Foundation
import HTTPTypes
import Hummingbird

/// A stored file (template, regulation) sent as itself rather than as base64 in JSON, so a browser link or the mobile
/// app's downloader saves it under its own name.
enum FileResponse {
    static func attachment(_ content: Data, contentType: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: safeContentType(contentType),
                .contentDisposition: contentDisposition(filename: filename),
                // The bytes were uploaded by users: a browser must not guess a more dangerous type than the one declared.
                .contentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: content)))
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

    /// The services name the type from a fixed list; anything that is not a plain `type/subtype` (or nothing) is sent
    /// as opaque bytes rather than trusted into a header.
    static func safeContentType(_ value: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-/")
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), value.count <= 127, value.allSatisfy(allowed.contains) else {
            return "application/octet-stream"
        }
        return value
    }
}

extension HTTPField.Name {
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
