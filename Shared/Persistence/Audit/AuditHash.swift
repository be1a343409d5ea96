import Crypto
public import Foundation

/// The chain's hash: SHA-256 over the previous entry's hash, the position, the time and every text field, each
/// field length-prefixed so that moving characters from one field to the next changes the hash.
public enum AuditHash {
    /// The `previous` of the first entry.
    public static let genesis = Data(repeating: 0, count: 32)

    public static func compute(previous: Data, seq: Int64, occurredMicros: Int64, fields: [String]) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: bigEndian(UInt64(bitPattern: seq)))
        hasher.update(data: bigEndian(UInt64(bitPattern: occurredMicros)))
        for field in fields {
            let bytes = Data(field.utf8)
            hasher.update(data: bigEndian(UInt64(bytes.count)))
            hasher.update(data: bytes)
        }
        return Data(hasher.finalize())
    }

    private static func bigEndian(_ value: UInt64) -> Data {
        withUnsafeBytes(of: value.bigEndian) { Data($0) }
    }
}
