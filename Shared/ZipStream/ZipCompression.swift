/// How an entry's bytes are stored.
public enum ZipCompression: Sendable, Hashable {
    /// As they are: for content that is already compressed (PDF streams, images), where deflate only costs time.
    case stored
    /// Raw deflate (RFC 1951) through zlib; `level` 1 (fastest) to 9 (smallest), clamped.
    case deflate(level: Int)

    /// zlib's own default trade-off.
    public static let deflate: Self = .deflate(level: 6)

    var method: UInt16 {
        switch self {
        case .stored: 0
        case .deflate: 8
        }
    }
}
