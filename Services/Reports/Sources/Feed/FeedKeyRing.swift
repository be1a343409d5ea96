import Auth
import Crypto
import Foundation
import Logging
import PostgresNIO
import ServiceBootstrap
import ServiceKit
import Synchronization

/// The institution's feed signing key (Ed25519), one process-wide: made at first use (the first entry appended or
/// the first JWKS asked for), stored in `feed_keys` with its private half sealed by `DataKeyCipher` under
/// METROLOGY_REPORTS_DATA_KEY (as identity seals its token keys and certificates its seal key), and cached here.
/// Every instance signs with the same key because they all read the same row.
final class FeedKeyRing: Sendable {
    struct Signer: Sendable {
        var keyID: String
        var key: Curve25519.Signing.PrivateKey
    }

    /// The running service's ring: the data key comes from its environment.
    static let shared = FeedKeyRing {
        DataKeyCipher(dataKey: try DataKeyCipher.dataKey(service: "reports"), service: "reports", purpose: "feed-signing-key")
    }

    private let makeCipher: @Sendable () throws -> DataKeyCipher
    private let cached = Mutex<Signer?>(nil)

    init(cipher: @escaping @Sendable () throws -> DataKeyCipher) {
        makeCipher = cipher
    }

    /// The current signer, creating the first key when there is none. Call it inside a transaction: the advisory
    /// lock that keeps two instances from both creating a key is held until that transaction ends.
    func signer(on connection: PostgresConnection, logger: Logger) async throws -> Signer {
        if let signer = cached.withLock({ $0 }) { return signer }
        let cipher = try makeCipher()
        if let signer = try await newest(cipher, on: connection, logger: logger) { return remember(signer) }
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('reports.feed_keys'))", logger: logger)
        if let signer = try await newest(cipher, on: connection, logger: logger) { return remember(signer) }
        let key = Curve25519.Signing.PrivateKey()
        // The key id: the first 16 base64url characters of the public key's SHA-256 (RFC 7638 in spirit), stable and
        // derivable by anyone holding the public key.
        let id = "feed-" + String(Base64URL.encode(Data(SHA256.hash(data: key.publicKey.rawRepresentation))).prefix(16))
        try await connection.query(
            """
            INSERT INTO feed_keys (id, public_key, private_key_sealed)
            VALUES (\(id), \(key.publicKey.rawRepresentation), \(try cipher.seal(key.rawRepresentation)))
            """, logger: logger)
        logger.notice("generated the feed signing key", metadata: ["key_id": "\(id)"])
        return remember(Signer(keyID: id, key: key))
    }

    /// Every public key, newest first, for the JWKS.
    static func publicKeys(on connection: PostgresConnection, logger: Logger) async throws -> [(id: String, key: Curve25519.Signing.PublicKey)] {
        var keys: [(id: String, key: Curve25519.Signing.PublicKey)] = []
        let rows = try await connection.query("SELECT id, public_key FROM feed_keys ORDER BY created_at DESC, id", logger: logger)
        for try await (id, bytes) in rows.decode((String, Data).self) {
            keys.append((id, try Curve25519.Signing.PublicKey(rawRepresentation: bytes)))
        }
        return keys
    }

    private func newest(_ cipher: DataKeyCipher, on connection: PostgresConnection, logger: Logger) async throws -> Signer? {
        let rows = try await connection.query(
            "SELECT id, public_key, private_key_sealed FROM feed_keys WHERE retired_at IS NULL ORDER BY created_at DESC, id LIMIT 1",
            logger: logger)
        for try await (id, publicKey, sealed) in rows.decode((String, Data, Data).self) {
            return try Self.signer(id: id, publicKey: publicKey, privateKey: try cipher.open(sealed))
        }
        return nil
    }

    /// The signer for a stored key, refused when the private half does not belong to the published public half: a
    /// swapped or corrupted blob would otherwise sign entries that no consumer can verify under that kid.
    static func signer(id: String, publicKey: Data, privateKey: Data) throws -> Signer {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateKey), key.publicKey.rawRepresentation == publicKey else {
            throw FeedErrors.keyMismatch
        }
        return Signer(keyID: id, key: key)
    }

    private func remember(_ signer: Signer) -> Signer {
        cached.withLock { $0 = signer }
        return signer
    }
}

extension FeedKeyRing.Signer {
    /// A fresh key, for tests and tools that sign without a database.
    static func generate(keyID: String) -> FeedKeyRing.Signer {
        FeedKeyRing.Signer(keyID: keyID, key: Curve25519.Signing.PrivateKey())
    }

    var publicKeyBytes: Data { key.publicKey.rawRepresentation }
    var privateKeyBytes: Data { key.rawRepresentation }

    /// The verification key set a consumer would build from the JWKS.
    var verificationKeys: [String: Curve25519.Signing.PublicKey] { [keyID: key.publicKey] }

    func sign(_ payload: Data) throws -> String {
        try FeedJWS.sign(payload, keyID: keyID, key: key)
    }
}
