import Foundation

/// The `Content-Disposition` of a stored file sent as itself (a template, a regulation, a certificate's PDF).
enum ContentDisposition {
    /// RFC 6266 with the RFC 8187 `filename*` form, the only one that carries a Chinese name reliably (a bare
    /// `filename="…"` would need non-ASCII bytes in a header). Every byte outside attr-char is percent-encoded, so
    /// quotes, semicolons and line breaks in a stored name cannot break out of the header.
    static func attachment(filename: String) -> String {
        let name = filename.isEmpty ? "download" : filename
        return "attachment; filename*=UTF-8''" + percentEncoded(name)
    }

    /// The same, shown in the browser rather than saved (a preview).
    static func inline(filename: String) -> String {
        let name = filename.isEmpty ? "preview" : filename
        return "inline; filename*=UTF-8''" + percentEncoded(name)
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
