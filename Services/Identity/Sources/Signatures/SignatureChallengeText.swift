import Foundation

/// The exact bytes a device signs for a challenge. Every fact the receipt will state is in them, so a signature
/// cannot be moved to another user, resource, meaning or content.
enum SignatureChallengeText {
    static func bytes(id: UUID, nonce: String, user: String, meaning: String, resource: String, digest: String, device: String, expires: Date) -> Data
    {
        let lines = [
            "metrology-signature-challenge-v1", id.uuidString.lowercased(), nonce, user, meaning, resource, digest, device,
            String(Int64(expires.timeIntervalSince1970)),
        ]
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// Lowercase hex SHA-256.
    static func isDigest(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
