extension Sequence where Element == UInt8 {
    /// Lowercase hex, as digests and fingerprints are shown and stored.
    public var hexEncoded: String {
        var text = ""
        for byte in self {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }
}
