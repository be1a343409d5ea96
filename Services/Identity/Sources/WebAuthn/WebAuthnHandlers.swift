import Auth
import Contracts
import Crypto
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// WebAuthn credentials (issue 18, §4.3.2.2): a person registers the phone's platform authenticator (fingerprint or
/// face, user verification required) in a session bound to that enabled device; the signature ceremony then accepts
/// its assertions (`SignatureHandlers+WebAuthn`). One credential belongs to one person on one device.
struct WebAuthnHandlers: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings
    /// Reads the device's status from the devices service, as the signature ceremony does.
    let signatures: SignatureHandlers

    /// The `prepare` of both registration writes: the devices service is asked before the write's transaction opens
    /// (no RPC while a transaction is open); answers the session device's current key.
    func enabledDeviceKey(_ context: CallContext) async throws -> Metrology_Devices_V1_DeviceKey {
        let principal = try context.caller()
        guard let device = principal.deviceID, UUID(uuidString: principal.userID) != nil else { throw WebAuthnRefusal.deviceRequired }
        return try await requireEnabled(device, context: context)
    }

    func createWebAuthnRegistration(
        _ request: Metrology_Identity_V1_CreateWebAuthnRegistrationRequest, _ deviceKey: Metrology_Devices_V1_DeviceKey, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_WebAuthnRegistrationOptions {
        let principal = try context.caller()
        guard let device = principal.deviceID, let userID = UUID(uuidString: principal.userID) else { throw WebAuthnRefusal.deviceRequired }
        let id = UUID()
        let challenge = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let expires = settings.challengeClock.now().addingTimeInterval(Double(settings.challengeTTL.components.seconds))
        try await store.insertRegistration(
            .init(id: id, userID: userID, deviceID: device, challenge: challenge, expiresAt: expires, used: false), on: connection,
            logger: context.logger)
        let existing = try await store.credentials(of: userID, device: device, on: connection, logger: context.logger)
        var options = Metrology_Identity_V1_WebAuthnRegistrationOptions()
        options.challengeID = id.uuidString.lowercased()
        options.challenge = challenge
        options.rpID = settings.webAuthnRPID
        options.rpName = settings.webAuthnRPName
        options.userHandle = withUnsafeBytes(of: userID.uuid) { Data($0) }
        options.userName = principal.username
        options.userDisplayName = principal.displayName
        options.timeoutMs = Int32(clamping: settings.challengeTTL.components.seconds * 1000)
        options.excludeCredentialIds = existing.compactMap { Base64URL.decode($0.id) }
        options.expiresAt = Google_Protobuf_Timestamp(date: expires)
        return options
    }

    func completeWebAuthnRegistration(
        _ request: Metrology_Identity_V1_CompleteWebAuthnRegistrationRequest, _ deviceKey: Metrology_Devices_V1_DeviceKey, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_WebAuthnCredential {
        let principal = try context.caller()
        guard let device = principal.deviceID, let userID = UUID(uuidString: principal.userID) else { throw WebAuthnRefusal.deviceRequired }
        guard let id = UUID(uuidString: request.challengeID),
            let registration = try await store.registration(id: id, on: connection, logger: context.logger),
            registration.userID == userID, registration.deviceID.lowercased() == device.lowercased(), !registration.used,
            registration.expiresAt > settings.challengeClock.now()
        else { throw WebAuthnRefusal.challengeInvalid }
        // The device key (fetched by `enabledDeviceKey` before this transaction) vouches for the credential.
        try DeviceBinding.check(
            request.deviceSignature, challenge: registration.challenge, credentialID: request.credentialID, deviceKey: deviceKey.publicKey)
        let registered = try WebAuthnVerifier(rpID: settings.webAuthnRPID, origins: settings.webAuthnOrigins).verifyRegistration(
            credentialID: request.credentialID, clientDataJSON: request.clientDataJson, attestationObject: request.attestationObject,
            challenge: registration.challenge)
        let credentialID = Base64URL.encode(registered.credentialID)
        guard
            let created = try await store.insertCredential(
                id: credentialID, user: userID, device: device, publicKey: registered.publicKey, signCount: Int64(registered.signCount),
                attestation: registered.format, on: connection, logger: context.logger)
        else { throw WebAuthnRefusal.credentialExists }
        try await store.useRegistration(id, on: connection, logger: context.logger)
        try await context.audit(
            "webauthn.credential_registered", entityType: "user", entityID: principal.userID,
            summary: "\(principal.displayName) 在移动设备上登记生物特征凭据",
            details: ["credential": credentialID, "device": device, "deviceKey": deviceKey.keyID, "attestation": registered.format], on: connection)
        return Self.message(
            .init(
                id: credentialID, userID: userID, deviceID: device, publicKey: registered.publicKey, signCount: Int64(registered.signCount),
                createdAt: created, lastUsedAt: nil))
    }

    func listWebAuthnCredentials(
        _ request: Metrology_Identity_V1_ListWebAuthnCredentialsRequest, _ context: CallContext
    ) async throws -> Metrology_Identity_V1_ListWebAuthnCredentialsResponse {
        let principal = try context.caller()
        guard let userID = UUID(uuidString: principal.userID) else { throw RPCError.unauthenticated() }
        let credentials = try await store.client.withConnection {
            try await store.credentials(of: userID, device: nil, on: $0, logger: context.logger)
        }
        var response = Metrology_Identity_V1_ListWebAuthnCredentialsResponse()
        response.credentials = credentials.map(Self.message)
        return response
    }

    func deleteWebAuthnCredential(
        _ request: Metrology_Identity_V1_DeleteWebAuthnCredentialRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_DeleteWebAuthnCredentialResponse {
        let principal = try context.caller()
        // Ids are stored in canonical base64url; one sent with padding or in the standard alphabet finds the same row.
        guard let raw = Base64URL.decode(request.credentialID), !raw.isEmpty,
            let stored = try await store.credential(id: Base64URL.encode(raw), lock: true, on: connection, logger: context.logger)
        else { throw WebAuthnRefusal.credentialNotFound }
        guard stored.userID.uuidString.lowercased() == principal.userID.lowercased() || principal.has(.usersManage) else {
            throw WebAuthnRefusal.deleteNotAllowed
        }
        try await store.deleteCredential(id: stored.id, on: connection, logger: context.logger)
        try await context.audit(
            "webauthn.credential_deleted", entityType: "user", entityID: stored.userID.uuidString.lowercased(),
            summary: "\(principal.displayName) 删除生物特征凭据", details: ["credential": stored.id, "device": stored.deviceID], on: connection)
        return .init()
    }

    /// Registration needs the session's device enabled now, not only at login; answers its current key.
    private func requireEnabled(_ device: String, context: CallContext) async throws -> Metrology_Devices_V1_DeviceKey {
        do {
            return try await signatures.deviceKey(device: device, keyID: nil, context: context)
        } catch let error as RPCError where error.reason == "SIGNATURE_DEVICE_NOT_ENABLED" || error.reason == "SIGNATURE_DEVICE_KEY_MISSING" {
            throw WebAuthnRefusal.deviceNotEnabled
        }
    }

    static func message(_ credential: IdentityStore.StoredCredential) -> Metrology_Identity_V1_WebAuthnCredential {
        var message = Metrology_Identity_V1_WebAuthnCredential()
        message.id = credential.id
        message.deviceID = credential.deviceID
        message.userID = credential.userID.uuidString.lowercased()
        message.createdAt = Google_Protobuf_Timestamp(date: credential.createdAt)
        message.signCount = credential.signCount
        if let used = credential.lastUsedAt { message.lastUsedAt = Google_Protobuf_Timestamp(date: used) }
        return message
    }
}
