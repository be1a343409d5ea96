import Crypto
import CryptoExtras
import Foundation

/// Slow, salted password hashing with scrypt (RFC 7914). Stored as
/// `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt b64>$<hash b64>` so parameters can be raised later without breaking
/// existing hashes.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N; 15 costs about 32 MiB and tens of milliseconds per hash.
    public var logN: Int
    public var blockSize: Int
    public var parallelism: Int

    public init(logN: Int = 15, blockSize: Int = 8, parallelism: Int = 1) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        let derived = try Self.derive(password, salt: salt, logN: logN, r: blockSize, p: parallelism)
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// `hash(_:)` on the global task pool. It takes tens of milliseconds, and RPC handlers run on their connection's
    /// thread (Messaging's ConnectionExecutor), where it would hold up every other request of the instance.
    public func hashInBackground(_ password: String) async throws -> String {
        let hasher = self
        return try await Task.detached { try hasher.hash(password) }.value
    }

    /// `verify(_:against:)` on the global task pool, for the same reason as `hashInBackground`.
    public static func verifyInBackground(_ password: String, against stored: String) async -> Bool {
        await Task.detached { verify(password, against: stored) }.value
    }

    /// Constant-time comparison; false for malformed stored values.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "scrypt", let salt = Data(base64Encoded: String(parts[2])),
            let expected = Data(base64Encoded: String(parts[3]))
        else { return false }
        var parameters: [String: Int] = [:]
        for item in parts[1].split(separator: ",") {
            let pair = item.split(separator: "=")
            if pair.count == 2, let value = Int(pair[1]) { parameters[String(pair[0])] = value }
        }
        guard let logN = parameters["ln"], let r = parameters["r"], let p = parameters["p"], (10...20).contains(logN),
            let derived = try? derive(password, salt: Array(salt), logN: logN, r: r, p: p)
        else { return false }
        guard derived.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(derived, expected) { difference |= left ^ right }
        return difference == 0
    }

    private static func derive(_ password: String, salt: [UInt8], logN: Int, r: Int, p: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logN, blockSize: r, parallelism: p,
            maxMemory: 256 * 1024 * 1024)
        return key.withUnsafeBytes { Data($0) }
    }
}
