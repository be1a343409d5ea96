import Auth
import Contracts
import Foundation
import GatewayAPISupport
import IdentityAPI
import RPCCore
import SwiftProtobuf

/// `/v1/webauthn/*`: a person's WebAuthn credentials (the phone's platform authenticator with user verification),
/// registered in a session bound to an enabled device and used by the signature ceremony. The browser API speaks
/// base64url (no padding) for every binary value, so these operations do too; identity checks everything else.
extension IdentityRoutes {
    /// 201: a registration challenge, shaped as `PublicKeyCredentialCreationOptions`.
    func createWebAuthnRegistration(
        _ input: Operations.CreateWebAuthnRegistration.Input
    ) async throws
        -> Operations.CreateWebAuthnRegistration.Output
    {
        let options = try await call(IdentityMethods.createWebAuthnRegistration, .init())
        let publicKey = Components.Schemas.WebAuthnCreationOptions(
            challenge: Base64URL.encode(options.challenge), rp: .init(id: options.rpID, name: options.rpName),
            user: .init(id: Base64URL.encode(options.userHandle), name: options.userName, displayName: options.userDisplayName),
            pubKeyCredParams: [.init(_type: "public-key", alg: -7)],
            authenticatorSelection: .init(authenticatorAttachment: "platform", userVerification: "required", residentKey: "discouraged"),
            timeout: options.timeoutMs, attestation: "none",
            excludeCredentials: options.excludeCredentialIds.map { .init(_type: "public-key", id: Base64URL.encode($0)) })
        return .created(.init(body: .json(.init(challengeId: options.challengeID, publicKey: publicKey))))
    }

    /// 201: the registered credential.
    func completeWebAuthnRegistration(
        _ input: Operations.CompleteWebAuthnRegistration.Input
    ) async throws
        -> Operations.CompleteWebAuthnRegistration.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_CompleteWebAuthnRegistrationRequest()
        message.challengeID = input.path.challengeId
        message.credentialID = try WebAuthnField.decode(body.credentialId, field: "credentialId")
        message.clientDataJson = try WebAuthnField.decode(body.clientDataJSON, field: "clientDataJSON")
        message.attestationObject = try WebAuthnField.decode(body.attestationObject, field: "attestationObject")
        // Optional in the schema so that identity answers its own code (IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED).
        if let signature = body.deviceSignature { message.deviceSignature = signature.data }
        return .created(.init(body: .json(.init(try await call(IdentityMethods.completeWebAuthnRegistration, message)))))
    }

    func listWebAuthnCredentials(_ input: Operations.ListWebAuthnCredentials.Input) async throws -> Operations.ListWebAuthnCredentials.Output {
        let response = try await call(IdentityMethods.listWebAuthnCredentials, .init())
        return .ok(.init(body: .json(.init(credentials: response.credentials.map(Components.Schemas.WebAuthnCredential.init)))))
    }

    func deleteWebAuthnCredential(_ input: Operations.DeleteWebAuthnCredential.Input) async throws -> Operations.DeleteWebAuthnCredential.Output {
        var message = Metrology_Identity_V1_DeleteWebAuthnCredentialRequest()
        message.credentialID = input.path.id
        _ = try await call(IdentityMethods.deleteWebAuthnCredential, message)
        return .noContent(.init())
    }
}

/// base64url fields of the WebAuthn operations; a value that is not base64url is 400 IDENTITY_WEBAUTHN_ENCODING_INVALID
/// naming the field, before anything reaches identity.
enum WebAuthnField {
    static func decode(_ text: String, field: String) throws -> Data {
        guard text.utf8.count <= 64 * 1024, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_=".contains($0)) }),
            let data = Base64URL.decode(text)
        else {
            throw RPCError(
                code: .invalidArgument, message: "\(field) 须为 base64url 编码", reason: "IDENTITY_WEBAUTHN_ENCODING_INVALID",
                details: ["field": field])
        }
        return data
    }
}

extension Metrology_Identity_V1_WebAuthnAssertion {
    init(_ assertion: Components.Schemas.WebAuthnAssertion) throws {
        self.init()
        credentialID = try WebAuthnField.decode(assertion.credentialId, field: "webauthn.credentialId")
        clientDataJson = try WebAuthnField.decode(assertion.clientDataJSON, field: "webauthn.clientDataJSON")
        authenticatorData = try WebAuthnField.decode(assertion.authenticatorData, field: "webauthn.authenticatorData")
        signature = try WebAuthnField.decode(assertion.signature, field: "webauthn.signature")
    }
}

extension Components.Schemas.WebAuthnAssertionOptions {
    init(_ options: Metrology_Identity_V1_WebAuthnAssertionOptions) {
        self.init(
            challenge: Base64URL.encode(options.challenge), rpId: options.rpID,
            allowCredentials: options.allowCredentialIds.map { .init(_type: "public-key", id: Base64URL.encode($0)) },
            userVerification: options.userVerification, timeout: options.timeoutMs)
    }
}

extension Components.Schemas.WebAuthnCredential {
    init(_ credential: Metrology_Identity_V1_WebAuthnCredential) {
        self.init(
            id: credential.id, deviceId: credential.deviceID, createdAt: credential.createdAt.date,
            lastUsedAt: credential.hasLastUsedAt ? credential.lastUsedAt.date : nil, signCount: credential.signCount)
    }
}
