import Crypto
import Foundation

/// The checks of WebAuthn §7.1 (registration) and §7.2 (assertion) that need no database: the handlers load the
/// challenge and the stored credential, call these, and store what they answer. Pure, so the unit tests drive them
/// with a software authenticator.
struct WebAuthnVerifier: Sendable {
    /// The relying party id (a registrable domain; `localhost` on one machine).
    let rpID: String
    /// Origins a browser may report in the client data, exactly (scheme, host and port).
    let origins: Set<String>

    var rpIDHash: Data { Data(SHA256.hash(data: Data(rpID.utf8))) }

    /// The most an attestation object may be: a `none` one is a few hundred bytes.
    static let maxAttestationLength = 16 * 1024
    /// The most an assertion's authenticator data or signature may be (37 bytes plus extensions; a DER signature is
    /// at most 72): checked before anything is parsed.
    static let maxAssertionFieldLength = 16 * 1024

    struct Registered: Sendable, Equatable {
        var credentialID: Data
        /// X9.63, as identity stores device and credential keys.
        var publicKey: Data
        var signCount: UInt32
        var format: String
    }

    func verifyRegistration(credentialID: Data, clientDataJSON: Data, attestationObject: Data, challenge: Data) throws -> Registered {
        try ClientData.check(clientDataJSON, type: "webauthn.create", challenge: challenge, origins: origins)
        guard attestationObject.count <= Self.maxAttestationLength else { throw WebAuthnRefusal.attestationInvalid("超过 16 KB") }
        let object: CBOR
        do { object = try CBOR.decode(attestationObject) } catch { throw WebAuthnRefusal.attestationInvalid(error.reason) }
        guard case .text(let format)? = object["fmt"], case .bytes(let rawAuthData)? = object["authData"],
            case .map(let statement)? = object["attStmt"]
        else { throw WebAuthnRefusal.attestationInvalid("缺少 fmt、attStmt 或 authData") }
        let authData = try AuthenticatorData(rawAuthData)
        try checkFlags(authData)
        guard let attested = authData.attested else { throw WebAuthnRefusal.authenticatorDataInvalid("没有凭据数据") }
        guard attested.credentialID == credentialID else { throw WebAuthnRefusal.credentialIDMismatch }
        let key = try COSEKey.p256(attested.publicKey)
        switch format {
        case "none":
            guard statement.isEmpty else { throw WebAuthnRefusal.attestationInvalid("none 格式的 attStmt 须为空") }
        case "packed":
            // Self attestation only: signed by the credential's own key. A certificate chain (x5c) would need trust
            // anchors for authenticator makers, which this platform does not keep.
            let stmt = CBOR.map(statement)
            guard stmt["x5c"] == nil else { throw WebAuthnRefusal.attestationUnsupported("packed/x5c") }
            guard stmt["alg"]?.int == -7, case .bytes(let sig)? = stmt["sig"],
                let signature = try? P256.Signing.ECDSASignature(derRepresentation: sig),
                key.isValidSignature(signature, for: rawAuthData + Data(SHA256.hash(data: clientDataJSON)))
            else { throw WebAuthnRefusal.attestationInvalid("packed 自证明签名无效") }
        default:
            throw WebAuthnRefusal.attestationUnsupported(format)
        }
        return Registered(credentialID: credentialID, publicKey: key.x963Representation, signCount: authData.signCount, format: format)
    }

    /// Verifies an assertion by the stored credential; answers the new signature counter to store.
    func verifyAssertion(
        clientDataJSON: Data, authenticatorData: Data, signature: Data, challenge: Data, publicKey: Data, storedSignCount: UInt32
    ) throws -> UInt32 {
        guard authenticatorData.count <= Self.maxAssertionFieldLength else { throw WebAuthnRefusal.authenticatorDataInvalid("超过 16 KB") }
        guard signature.count <= Self.maxAssertionFieldLength else { throw WebAuthnRefusal.signatureInvalid }
        try ClientData.check(clientDataJSON, type: "webauthn.get", challenge: challenge, origins: origins)
        let authData = try AuthenticatorData(authenticatorData)
        try checkFlags(authData)
        guard let key = try? P256.Signing.PublicKey(x963Representation: publicKey),
            let der = try? P256.Signing.ECDSASignature(derRepresentation: signature),
            key.isValidSignature(der, for: authenticatorData + Data(SHA256.hash(data: clientDataJSON)))
        else { throw WebAuthnRefusal.signatureInvalid }
        // §7.2 step 21: a counter that did not grow means two authenticators share the key (a clone). Authenticators
        // that keep no counter report 0 every time, which is allowed only while the stored one is 0 too.
        guard authData.signCount > storedSignCount || (authData.signCount == 0 && storedSignCount == 0) else { throw WebAuthnRefusal.counter }
        return authData.signCount
    }

    private func checkFlags(_ authData: AuthenticatorData) throws {
        guard authData.rpIDHash == rpIDHash else { throw WebAuthnRefusal.rpIDMismatch }
        guard authData.userPresent else { throw WebAuthnRefusal.userNotPresent }
        guard authData.userVerified else { throw WebAuthnRefusal.userNotVerified }
    }
}
