extension Sequence where Element == UInt8 {
    /// Lowercase hex, as digests and fingerprints are shown and stored. Built from a digit table: Foundation's
    /// `String(format: "%02x")` per byte cost a formatter call for each byte of every file address and message id.
    public var hexEncoded: String {
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
