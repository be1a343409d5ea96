import Auth
import Crypto
import Foundation
import Persistence

/// A provincial platform's API key: "fc_<client id>.<secret>", the client id 12 hex digits (names the consumer in
/// logs and the console), the secret 32 random bytes in base64url. Only SHA-256 of the secret is stored: with 256
/// random bits a slow password hash would add nothing, and a fast one keeps every pull request cheap.
struct FeedConsumerCredentials: Sendable, Equatable {
    var clientID: String
    var secret: String

    var apiKey: String { "fc_\(clientID).\(secret)" }
    var secretHash: Data { Self.hash(secret) }

    static func generate() -> FeedConsumerCredentials {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return FeedConsumerCredentials(
            clientID: idBytes.hexEncoded, secret: Base64URL.encode(secretBytes))
    }

    /// nil unless `key` has exactly the shape `generate` produces.
    static func parse(_ key: String) -> FeedConsumerCredentials? {
        guard key.utf8.count == 3 + 12 + 1 + 43, key.hasPrefix("fc_") else { return nil }
        let body = key.dropFirst(3)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 12, parts[0].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
            let secret = Base64URL.decode(parts[1]), secret.count == 32, Base64URL.encode(secret) == parts[1]
        else { return nil }
        return FeedConsumerCredentials(clientID: String(parts[0]), secret: String(parts[1]))
    }

    static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Constant time in the hash's length, so the comparison leaks nothing about how much of a guess was right.
    static func matches(_ secret: String, hash: Data) -> Bool {
        let candidate = Self.hash(secret)
        guard candidate.count == hash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(candidate, hash) { difference |= a ^ b }
        return difference == 0
    }

    /// GB/T 2260 prefixes: province (2), city (4) or county (6) digits.
    static func isRegionPrefix(_ text: String) -> Bool {
        [2, 4, 6].contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
