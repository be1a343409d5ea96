import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// The signature ceremony with a WebAuthn credential (issue 18): the challenge's bytes are the assertion's challenge,
/// and a user-verified assertion by the signer's credential on the challenge's device stands for the signature.
extension SignatureHandlers {
    /// The receipt's method for a user-verified WebAuthn assertion.
    static let webAuthnMethod = "webauthn-uv"

    var webAuthn: WebAuthnVerifier { WebAuthnVerifier(rpID: settings.webAuthnRPID, origins: settings.webAuthnOrigins) }

    func assertionOptions(challenge: Data, credentials: [IdentityStore.StoredCredential]) -> Metrology_Identity_V1_WebAuthnAssertionOptions {
        var options = Metrology_Identity_V1_WebAuthnAssertionOptions()
        options.challenge = challenge
        options.rpID = settings.webAuthnRPID
        options.allowCredentialIds = credentials.compactMap { Base64URL.decode($0.id) }
        options.userVerification = "required"
        options.timeoutMs = Int32(clamping: settings.challengeTTL.components.seconds * 1000)
        return options
    }

    /// Checks the assertion and records the credential's new counter (in the completion's transaction, the
    /// credential row locked); answers the credential's id.
    func verify(
        _ assertion: Metrology_Identity_V1_WebAuthnAssertion, for challenge: IdentityStore.Challenge, context: CallContext,
        connection: PostgresConnection
    ) async throws -> String {
        guard !assertion.credentialID.isEmpty, assertion.credentialID.count <= AuthenticatorData.maxCredentialIDLength else {
            throw WebAuthnRefusal.credentialNotFound
        }
        let id = Base64URL.encode(assertion.credentialID)
        guard let stored = try await store.credential(id: id, lock: true, on: connection, logger: context.logger) else {
            throw WebAuthnRefusal.credentialNotFound
        }
        try Self.checkOwner(stored, user: challenge.userID, device: challenge.deviceID)
        let count: UInt32
        do {
            count = try webAuthn.verifyAssertion(
                clientDataJSON: assertion.clientDataJson, authenticatorData: assertion.authenticatorData, signature: assertion.signature,
                challenge: challenge.challenge, publicKey: stored.publicKey, storedSignCount: UInt32(clamping: stored.signCount))
        } catch let error as RPCError where error.reason == WebAuthnRefusal.counter.reason {
            // Named, so that `auditRefusedAssertion` can record which credential looks cloned after the rollback.
            throw WebAuthnRefusal.counter(credential: id, device: challenge.deviceID, stored: stored.signCount)
        }
        try await store.recordAssertion(credential: id, signCount: Int64(count), on: connection, logger: context.logger)
        return id
    }

    /// The receipt's `key`: the device key id when the device key signed; empty for a WebAuthn assertion, where the
    /// device key signed nothing and `cred` names the credential that did.
    static func receiptKey(deviceKeyID: String, credential: String?) -> String { credential == nil ? deviceKeyID : "" }

    /// A counter refusal (a cloned authenticator, §7.2 step 21) rolls the completion back; this `afterFailure` keeps an
    /// audit entry of it in a transaction of its own, as devices keeps its IMEI conflicts.
    func auditRefusedAssertion(
        _ request: Metrology_Identity_V1_CompleteSignatureRequest, _ context: CallContext, _ error: RPCError, _ connection: PostgresConnection
    ) async throws {
        guard let event = Self.counterAuditEvent(error, challengeID: request.challengeID, context: context) else { return }
        try await AuditTrail.append(event, on: connection, logger: context.logger)
    }

    static func counterAuditEvent(_ error: RPCError, challengeID: String, context: CallContext) -> AuditEvent? {
        guard error.reason == WebAuthnRefusal.counter.reason, let credential = error.details["credential"] else { return nil }
        return context.auditEvent(
            "webauthn.counter_refused", entityType: "webauthn_credential", entityID: credential,
            summary: "生物特征凭据签名计数未增加（疑似被复制的认证器），签名已拒绝",
            details: [
                "credential": credential, "device": error.details["device"] ?? "", "storedSignCount": error.details["storedSignCount"] ?? "",
                "challenge": String(challengeID.prefix(64)),
            ])
    }

    /// A credential signs only for the person who registered it, on the device it was registered on.
    static func checkOwner(_ credential: IdentityStore.StoredCredential, user: UUID, device: String) throws {
        guard credential.userID == user, credential.deviceID.lowercased() == device.lowercased() else { throw WebAuthnRefusal.credentialForeign }
    }
}
