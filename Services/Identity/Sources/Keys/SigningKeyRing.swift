import Auth
import Crypto
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import Synchronization

/// Identity's signing keys: the newest signs access tokens and receipts, every key verifies. Keys live in the
/// database, private halves sealed with the data key, so that every identity instance signs with a key the others
/// (and every service) know. A key older than the rotation age is replaced; the private half of a superseded key is
/// destroyed an hour later, its public half stays published for the receipts it signed.
final class SigningKeyRing: Sendable {
    private let current = Mutex<TokenSigner?>(nil)
    private let store: IdentityStore
    private let cipher: SensitiveDataCipher
    private let rotationAge: Duration

    init(store: IdentityStore, dataKey: SymmetricKey, rotationAge: Duration) {
        self.store = store
        cipher = SensitiveDataCipher(dataKey: dataKey, purpose: "signing-key")
        self.rotationAge = rotationAge
    }

    var signer: TokenSigner? { current.withLock { $0 } }

    /// Rotates when due (one instance at a time), loads the newest key as the signer and returns every public key.
    @discardableResult
    func refresh(logger: Logger) async throws -> [String: Curve25519.Signing.PublicKey] {
        try await rotateIfDue(logger: logger)
        let keys = try await store.signingKeys(logger: logger)
        guard let newest = keys.first(where: { !$0.retired }) else {
            throw RPCError(code: .internal, message: "签名密钥无法创建", reason: "IDENTITY_NO_SIGNING_KEY")
        }
        let privateKey: Data
        if let sealed = newest.sealedPrivateKey {
            privateKey = try cipher.open(bytes: sealed)
        } else if let plain = newest.privateKey {
            privateKey = plain
            try await store.sealSigningKey(id: newest.id, sealedPrivateKey: try cipher.seal(bytes: plain), logger: logger)
        } else {
            throw RPCError(code: .internal, message: "签名密钥缺少私钥", reason: "IDENTITY_NO_SIGNING_KEY")
        }
        let signer = TokenSigner(keyID: newest.id, privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey))
        current.withLock { $0 = signer }
        return try Self.publicKeys(keys)
    }

    /// The public keys straight from the database, for identity's own verifier.
    func publicKeys(logger: Logger) async throws -> [String: Curve25519.Signing.PublicKey] {
        try Self.publicKeys(try await store.signingKeys(logger: logger))
    }

    private static func publicKeys(_ keys: [IdentityStore.StoredKey]) throws -> [String: Curve25519.Signing.PublicKey] {
        var publicKeys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in keys { publicKeys[key.id] = try Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) }
        return publicKeys
    }

    private func rotateIfDue(logger: Logger) async throws {
        let age = Double(rotationAge.components.seconds)
        let newest = try await store.signingKeys(logger: logger).first { !$0.retired }
        guard newest.map({ Date().timeIntervalSince($0.createdAt) > age }) ?? true else { return }
        try await store.client.transaction(logger: logger) { connection in
            // One instance rotates; the others wait here and then find a fresh key.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('identity.signing_keys'))", logger: logger)
            let rows = try await connection.query(
                "SELECT count(*) FROM signing_keys WHERE retired_at IS NULL AND created_at > now() - make_interval(secs => \(Int(age)))",
                logger: logger)
            var fresh: Int64 = 0
            for try await count in rows.decode(Int64.self) { fresh = count }
            if fresh == 0 {
                let key = Curve25519.Signing.PrivateKey()
                let id = "k" + String(UUID().uuidString.lowercased().prefix(8))
                try await store.insertSigningKey(
                    id: id, sealedPrivateKey: try cipher.seal(bytes: key.rawRepresentation), publicKey: key.publicKey.rawRepresentation,
                    on: connection,
                    logger: logger)
                try await AuditTrail.append(
                    AuditEvent(
                        actorID: "", actorName: "系统", action: "signing_key.rotated", entityType: "signing_key", entityID: id,
                        summary: "启用新的令牌与回执签名密钥 \(id)"),
                    on: connection, logger: logger)
                logger.notice("rotated the token signing key", metadata: ["key_id": "\(id)"])
            }
            try await store.retireSupersededKeys(grace: .seconds(3_600), on: connection, logger: logger)
        }
    }
}
