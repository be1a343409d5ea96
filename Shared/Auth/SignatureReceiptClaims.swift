import Foundation

/// What identity states in a signature receipt (电子签名回执). Signed by identity's token keys as a compact JWS with
/// `typ` = `metrology-signature-receipt`, so any service verifies a receipt offline exactly like an access token,
/// and neither can be passed off as the other.
public struct SignatureReceiptClaims: Codable, Sendable, Equatable {
    public static let type = "metrology-signature-receipt"

    /// Receipt id.
    public var rid: String
    public var iss: String
    /// Signer's user id.
    public var sub: String
    /// Printed name (签名人).
    public var name: String
    /// `verification` (检定) | `review` (核验) | `approval` (批准).
    public var meaning: String
    /// What was signed, e.g. `records/…`.
    public var resource: String
    /// Hex SHA-256 of the signed content.
    public var digest: String
    /// Seconds since the epoch.
    public var iat: Int64
    public var device: String
    /// Device key id that verified the biometric-unlocked signature.
    public var key: String
    /// `fingerprint` | `face` | `voice` | `iris`, plus `+handwriting` when an image was attached.
    public var method: String
    /// Hex SHA-256 of the handwritten signature image, empty without one.
    public var hw: String
    /// The WebAuthn credential (base64url id) whose user-verified assertion stood for the signer, with method
    /// `webauthn-uv`; absent otherwise (and in every receipt issued before it existed).
    public var cred: String?

    public init(
        rid: String, sub: String, name: String, meaning: String, resource: String, digest: String, iat: Int64, device: String, key: String,
        method: String, hw: String, cred: String? = nil
    ) {
        self.rid = rid
        self.iss = AccessTokenClaims.issuer
        self.sub = sub
        self.name = name
        self.meaning = meaning
        self.resource = resource
        self.digest = digest
        self.iat = iat
        self.device = device
        self.key = key
        self.method = method
        self.hw = hw
        self.cred = cred
    }

    /// Chinese name of a signature meaning.
    public static func title(ofMeaning meaning: String) -> String? {
        ["verification": "检定", "review": "核验", "approval": "批准"][meaning]
    }
}
