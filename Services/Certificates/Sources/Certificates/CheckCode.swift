import Crypto

/// The check code printed with the number (and inside the QR code): with the number it opens the public
/// authenticity check (004 证书真伪查询). Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
/// a person can type it from paper; random, so numbers alone (which are sequential) do not enumerate certificates.
enum CheckCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Case-insensitive, spaces and dashes ignored: what people type from a printed page.
    static func normalized(_ text: String) -> String {
        String(text.uppercased().filter { $0 != " " && $0 != "-" })
    }
}
