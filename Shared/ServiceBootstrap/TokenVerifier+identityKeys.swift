public import Auth
import Contracts
import Crypto
public import Messaging

extension TokenVerifier {
    /// A verifier that fetches identity's public keys over RPC. Its revocation list starts unloaded: until the
    /// `RevocationListener` has loaded it from identity, every token is refused as UNAVAILABLE (fail closed).
    /// Here rather than in ServiceKit because the gateway verifies tokens too and has no database.
    public static func fetchingIdentityKeys(client: RPCClient) -> TokenVerifier {
        TokenVerifier(revocations: RevocationList(loaded: false)) {
            let response = try await client.call(
                IdentityMethods.getSigningKeys, .init(), options: .init(timeout: .seconds(3), retryUnavailable: true))
            var keys: [String: Curve25519.Signing.PublicKey] = [:]
            for key in response.keys where key.algorithm == "Ed25519" {
                keys[key.keyID] = try Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey)
            }
            return keys
        }
    }
}
