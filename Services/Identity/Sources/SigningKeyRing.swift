import Auth
import Crypto
import Foundation
import Logging
import Messaging
import Synchronization

/// Identity's signing keys: the newest signs, all active ones verify. Keys live in the database so that every
/// identity instance signs with a key the others (and every service) know.
final class SigningKeyRing: Sendable {
    private let current = Mutex<TokenSigner?>(nil)
    private let store: IdentityStore

    init(store: IdentityStore) {
        self.store = store
    }

    /// Loads the keys, creating the first one when there is none.
    func load(logger: Logger) async throws -> [String: Curve25519.Signing.PublicKey] {
        var keys = try await store.activeKeys(logger: logger)
        if keys.isEmpty {
            let key = Curve25519.Signing.PrivateKey()
            let id = "k" + String(UUID().uuidString.lowercased().prefix(8))
            try await store.insertKey(id: id, privateKey: key.rawRepresentation, publicKey: key.publicKey.rawRepresentation, logger: logger)
            keys = try await store.activeKeys(logger: logger)
        }
        guard let newest = keys.first else { throw RPCError(code: .internal, message: "签名密钥无法创建", reason: "IDENTITY_NO_SIGNING_KEY") }
        let signer = TokenSigner(keyID: newest.id, privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: newest.privateKey))
        current.withLock { $0 = signer }
        var publicKeys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in keys { publicKeys[key.id] = try Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) }
        return publicKeys
    }

    var signer: TokenSigner? { current.withLock { $0 } }
}
