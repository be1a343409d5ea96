public import Crypto
import Foundation

/// Keeps a secret-bearing write's stored outcome unreadable at rest (`rpc_outcomes` lives 7 days, and a Login or
/// Refresh reply holds live tokens, a RevealIdNumber reply the full ID number).
///
/// Why sealing and not "store a marker and refuse or re-run a retry": a retry must still get the first execution's
/// reply. Re-running is not safe for these writes — a re-run Refresh fails (its refresh token was rotated by the
/// first run) and logs the user out; a re-run Login leaves the first session live with tokens nobody will use; and
/// the console reuses a form's Idempotency-Key while its input is unchanged, so a refusal would repeat at every click.
/// The key is the service's own data key (never in the database), so every instance, and one started later, can
/// open what another sealed; a copy of the tables alone opens nothing.
///
/// The request digest of such a write is keyed too (HMAC): a Login or CreateUser request carries a password or an
/// ID number, and a plain SHA-256 of a small message is a dictionary attack away from its content.
public struct OutcomeSeal: Sendable {
    private let key: SymmetricKey

    /// `secret` is the service's data key; the sealing key is derived from it, so it never encrypts anything else.
    public init(deriving secret: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Data("metrology rpc_outcomes v1".utf8), outputByteCount: 32)
    }

    /// The request's fingerprint for "same key, same request?": HMAC-SHA256 under the sealing key.
    func digest(_ request: [UInt8]) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: request, using: key))
    }

    /// nonce ‖ ciphertext ‖ tag; `context` (the row's key) is authenticated, so a sealed reply moved to another
    /// row, caller or method does not open.
    func seal(_ payload: [UInt8], context: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(payload, using: key, authenticating: context).combined else {
            throw OutcomeSealError()
        }
        return combined
    }

    func open(_ sealed: Data, context: Data) throws -> [UInt8] {
        Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: context))
    }
}

struct OutcomeSealError: Error {}
