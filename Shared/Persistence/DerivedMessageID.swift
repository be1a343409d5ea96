import Crypto
import Foundation

/// The message id of a call made on behalf of another call (or of a process step): the same for every retry of the
/// parent, so a retried parent reaches the stored outcome of the inner write instead of making it again (a second
/// gapless number, a second check-in).
///
/// SHA-256 of the parent's id, the inner method's full name and the step, in UUID form (RFC 9562 version 8, the
/// layout for hashes that are not MD5 or SHA-1), so it passes wherever a client's `Idempotency-Key` would.
/// Two calls of one parent to one method need different steps.
public enum DerivedMessageID {
    public static func make(parent: String, method: String, step: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("\(parent)\n\(method)\n\(step)".utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.hexEncoded
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
