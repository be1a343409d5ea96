import Auth
import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// The signature ceremony (电子签名与生物特征认证): a challenge bound to user, meaning, resource and content digest;
/// the device signs it with its key after a biometric unlock; identity checks and returns a receipt it signs
/// itself, which any service verifies offline.
struct SignatureHandlers: Sendable {
    let store: IdentityStore
    let keys: SigningKeyRing
    let settings: IdentitySettings
    let verifier: TokenVerifier
    /// Device keys live in the devices service.
    let client: RPCClient

    /// The permission each meaning needs: 检定 is the metrologist's, 核验 the verifier's, 批准 the approver's.
    static let meanings: [String: Permission] = ["verification": .recordsEnter, "review": .recordsReview, "approval": .certificatesApprove]
    /// The biometric methods a device may report. The platform cannot see the biometric check itself (it happens in
    /// the device's secure hardware before the key signs), so the method is recorded as claimed by the device
    /// (`methodAssurance` in the audit entry); only the device signature is verified here.
    static let methods: Set<String> = ["fingerprint", "face", "voice", "iris"]
    static let maxHandwritingBytes = 512 * 1024

    /// What a challenge's write needs from outside its transaction: the checked request and the device's key.
    struct PreparedChallenge: Sendable {
        var resource: String
        var device: String
        var key: Metrology_Devices_V1_DeviceKey
    }

    /// The request's checks, then the devices service's answer, before the write's transaction opens (no RPC while a
    /// transaction is open).
    func prepareChallenge(_ request: Metrology_Identity_V1_CreateSignatureChallengeRequest, _ context: CallContext) async throws -> PreparedChallenge
    {
        let principal = try context.caller()
        guard let permission = Self.meanings[request.meaning] else {
            throw RPCError.invalidArgument("签名含义必须是 verification（检定）、review（核验）或 approval（批准）", reason: "SIGNATURE_MEANING_INVALID")
        }
        try principal.require(permission)
        let resource = request.resource.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(resource.count) else {
            throw RPCError.invalidArgument("请指明签署的对象（1 到 200 个字符）", reason: "SIGNATURE_RESOURCE_INVALID")
        }
        guard SignatureChallengeText.isDigest(request.digest) else {
            throw RPCError.invalidArgument("内容摘要必须是 64 位小写十六进制 SHA-256", reason: "SIGNATURE_DIGEST_INVALID")
        }
        let device = try Self.deviceID(request.deviceID)
        if let bound = principal.deviceID, bound != device {
            throw RPCError(code: .permissionDenied, message: "只能使用本次登录的设备签名", reason: "SIGNATURE_DEVICE_MISMATCH")
        }
        guard UUID(uuidString: principal.userID) != nil else { throw RPCError.unauthenticated() }
        return PreparedChallenge(resource: resource, device: device, key: try await deviceKey(device: device, keyID: nil, context: context))
    }

    func createSignatureChallenge(
        _ request: Metrology_Identity_V1_CreateSignatureChallengeRequest, _ prepared: PreparedChallenge, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Identity_V1_SignatureChallenge {
        let principal = try context.caller()
        let (resource, device, key) = (prepared.resource, prepared.device, prepared.key)
        guard let userID = UUID(uuidString: principal.userID) else { throw RPCError.unauthenticated() }
        try await Self.checkOneMeaning(user: userID, resource: resource, meaning: request.meaning, store: store, on: connection, context: context)
        let id = UUID()
        let expires = settings.challengeClock.now().addingTimeInterval(Double(settings.challengeTTL.components.seconds))
        let nonce = SessionHandlers.randomToken()
        let bytes = SignatureChallengeText.bytes(
            id: id, nonce: nonce, user: principal.userID, meaning: request.meaning, resource: resource, digest: request.digest, device: device,
            expires: expires)
        try await store.insertChallenge(
            .init(
                id: id, userID: userID, meaning: request.meaning, resource: resource, digest: request.digest, deviceID: device, keyID: key.keyID,
                challenge: bytes, expiresAt: expires), on: connection, logger: context.logger)
        var response = Metrology_Identity_V1_SignatureChallenge()
        response.challengeID = id.uuidString.lowercased()
        response.challenge = bytes
        response.expiresAt = Google_Protobuf_Timestamp(date: expires)
        // With a WebAuthn credential on this device, the same bytes are offered as an assertion challenge.
        let credentials = try await store.credentials(of: userID, device: device, on: connection, logger: context.logger)
        if !credentials.isEmpty { response.webauthn = assertionOptions(challenge: bytes, credentials: credentials) }
        return response
    }

    /// Reads the challenge (unlocked, outside the write's transaction), refuses what its checks refuse, and fetches the
    /// device key the challenge names from the devices service (no RPC while a transaction is open). The write checks
    /// the challenge again under its row lock.
    func prepareCompletion(
        _ request: Metrology_Identity_V1_CompleteSignatureRequest, _ context: CallContext
    ) async throws -> Metrology_Devices_V1_DeviceKey {
        let challenge = try await store.client.withConnection { try await checkedChallenge(request, context: context, connection: $0) }
        return try await deviceKey(device: challenge.deviceID, keyID: challenge.keyID, context: context)
    }

    /// The checks a completion's challenge must pass, in the order a caller meets them.
    private func checkedChallenge(
        _ request: Metrology_Identity_V1_CompleteSignatureRequest, context: CallContext, connection: PostgresConnection
    ) async throws -> IdentityStore.Challenge {
        let principal = try context.caller()
        guard let id = UUID(uuidString: request.challengeID),
            let challenge = try await store.challenge(id: id, on: connection, logger: context.logger)
        else { throw RPCError.notFound("签名挑战不存在", reason: "SIGNATURE_CHALLENGE_NOT_FOUND") }
        guard challenge.userID.uuidString.lowercased() == principal.userID else {
            throw RPCError(code: .permissionDenied, message: "该签名挑战不是发给当前用户的", reason: "SIGNATURE_CHALLENGE_WRONG_USER")
        }
        guard !challenge.used else {
            throw RPCError(code: .failedPrecondition, message: "该签名挑战已使用过，不能重放", reason: "SIGNATURE_CHALLENGE_REPLAYED")
        }
        guard challenge.expiresAt > settings.challengeClock.now() else {
            throw RPCError(code: .failedPrecondition, message: "签名挑战已过期，请重新发起签名", reason: "SIGNATURE_CHALLENGE_EXPIRED")
        }
        guard request.digest == challenge.digest else {
            throw RPCError.invalidArgument("签署内容的摘要与签名挑战不一致，内容可能已被修改", reason: "SIGNATURE_DIGEST_MISMATCH")
        }
        return challenge
    }

    func completeSignature(
        _ request: Metrology_Identity_V1_CompleteSignatureRequest, _ key: Metrology_Devices_V1_DeviceKey, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws
        -> Metrology_Identity_V1_SignatureReceipt
    {
        let principal = try context.caller()
        let challenge = try await checkedChallenge(request, context: context, connection: connection)
        let id = challenge.id
        // The prepared key is the one the challenge names (fixed when the challenge was created).
        guard challenge.keyID.isEmpty || key.keyID == challenge.keyID else {
            throw RPCError(code: .failedPrecondition, message: "设备签名密钥已更换，请重新发起签名", reason: "SIGNATURE_DEVICE_KEY_ROTATED")
        }
        // A WebAuthn assertion stands instead of the device key's signature and the claimed method.
        let assertion = request.hasWebauthn ? request.webauthn : nil
        guard assertion != nil || Self.methods.contains(request.method) else {
            throw RPCError.invalidArgument("生物特征认证方式必须是 fingerprint、face、voice 或 iris", reason: "SIGNATURE_METHOD_INVALID")
        }
        try await Self.checkOneMeaning(
            user: challenge.userID, resource: challenge.resource, meaning: challenge.meaning, store: store, on: connection, context: context)
        var credentialID: String?
        if let assertion {
            credentialID = try await verify(assertion, for: challenge, context: context, connection: connection)
        } else {
            guard key.current else {
                throw RPCError(code: .failedPrecondition, message: "设备签名密钥已更换，请重新发起签名", reason: "SIGNATURE_DEVICE_KEY_ROTATED")
            }
            guard Self.isValid(request.signature, of: challenge.challenge, key: key.publicKey) else {
                throw RPCError.invalidArgument("设备签名验证失败", reason: "SIGNATURE_INVALID")
            }
        }
        var handwritingHash = ""
        if !request.handwritingPng.isEmpty {
            guard request.handwritingPng.count <= Self.maxHandwritingBytes,
                request.handwritingPng.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            else { throw RPCError.invalidArgument("手写签名须为不超过 512 KB 的 PNG 图片", reason: "SIGNATURE_HANDWRITING_INVALID") }
            handwritingHash = SHA256.hash(data: request.handwritingPng).hexEncoded
        }
        guard let signer = keys.signer else { throw RPCError.unavailable("签名密钥尚未就绪", reason: "IDENTITY_KEYS_NOT_READY") }

        let receiptID = UUID()
        let now = Date()
        let baseMethod = assertion == nil ? request.method : Self.webAuthnMethod
        let method = handwritingHash.isEmpty ? baseMethod : baseMethod + "+handwriting"
        let claims = SignatureReceiptClaims(
            rid: receiptID.uuidString.lowercased(), sub: principal.userID, name: principal.displayName, meaning: challenge.meaning,
            resource: challenge.resource, digest: challenge.digest, iat: Int64(now.timeIntervalSince1970), device: challenge.deviceID,
            key: Self.receiptKey(deviceKeyID: key.keyID, credential: credentialID),
            method: method, hw: handwritingHash, cred: credentialID)
        let receipt = try signer.sign(claims)
        try await store.completeChallenge(
            id, receiptID: receiptID, user: challenge.userID, method: method,
            handwriting: request.handwritingPng.isEmpty ? nil : request.handwritingPng,
            handwritingSHA256: handwritingHash, receipt: receipt, signedAt: now, on: connection, logger: context.logger)
        if let credentialID {
            try await store.setReceiptCredential(receipt: receiptID, credential: credentialID, on: connection, logger: context.logger)
        }
        let title = SignatureReceiptClaims.title(ofMeaning: challenge.meaning) ?? challenge.meaning
        try await context.audit(
            "signature.completed", entityType: "signature", entityID: claims.rid,
            summary: "\(principal.displayName) 对 \(challenge.resource) 完成\(title)签名",
            details: [
                "resource": challenge.resource, "meaning": challenge.meaning, "digest": challenge.digest, "device": challenge.deviceID,
                "method": method,
                // The platform verifies the device key's signature; the biometric method is what the device reports.
                // A WebAuthn assertion carries the authenticator's own user-verified flag, checked here.
                "methodAssurance": credentialID == nil ? "claimed_by_device" : "authenticator_user_verified",
                "credential": credentialID ?? "",
            ],
            on: connection)
        return Self.message(claims, receipt: receipt)
    }

    func verifySignatureReceipt(
        _ request: Metrology_Identity_V1_VerifySignatureReceiptRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_SignatureReceipt
    {
        try await context.verifiedReceipt(request.receipt)
    }

    /// One person signs one resource in one meaning only (检定, 核验 and 批准 are different people's duties, issue 14
    /// §11): refused when they have already signed it with another meaning.
    static func checkOneMeaning(
        user: UUID, resource: String, meaning: String, store: IdentityStore, on connection: PostgresConnection, context: CallContext
    ) async throws {
        guard
            let other = try await store.signedMeanings(of: user, resource: resource, on: connection, logger: context.logger).first(where: {
                $0 != meaning
            })
        else { return }
        let title = SignatureReceiptClaims.title(ofMeaning: other) ?? other
        throw RPCError(
            code: .failedPrecondition, message: "您已对该对象完成\(title)签名，同一人不能再以其他含义签署", reason: "SIGNATURE_DUTY_CONFLICT",
            details: ["signedAs": other])
    }

    /// The device's key from the devices service, on the caller's behalf; only an enabled device signs.
    /// Refused (RPC_IN_TRANSACTION) inside a write's transaction, as `CallContext.call` refuses: call it from `prepare`.
    func deviceKey(device: String, keyID: String?, context: CallContext) async throws -> Metrology_Devices_V1_DeviceKey {
        if let holder = OpenTransaction.holder {
            context.logger.error("refused a devices call made inside a database transaction", metadata: ["transaction": "\(holder)"])
            throw RPCError(
                code: .internal, message: "服务内部错误：不能在数据库事务中调用其他服务", reason: "RPC_IN_TRANSACTION",
                details: ["method": DevicesMethods.getDeviceKey.fullName, "transaction": holder])
        }
        var request = Metrology_Devices_V1_GetDeviceKeyRequest()
        request.deviceID = device
        request.keyID = keyID ?? ""
        let key: Metrology_Devices_V1_DeviceKey
        do {
            key = try await client.call(
                DevicesMethods.getDeviceKey, request,
                options: .init(
                    timeout: .seconds(5), accessToken: try context.caller().accessToken, trace: context.rpc.trace,
                    deviceID: try context.caller().deviceID, retryUnavailable: true))
        } catch let error as RPCError where error.code == .notFound || error.code == .invalidArgument {
            throw RPCError(code: .failedPrecondition, message: "该设备尚未登记签名密钥", reason: "SIGNATURE_DEVICE_KEY_MISSING")
        }
        guard key.deviceStatus == "enabled" else {
            throw RPCError(code: .failedPrecondition, message: "该设备未启用，不能用于签名", reason: "SIGNATURE_DEVICE_NOT_ENABLED")
        }
        return key
    }

    /// Devices sign in DER (what iOS and Android produce) or raw r‖s.
    static func isValid(_ signature: Data, of message: Data, key raw: Data) -> Bool {
        guard let key = try? P256.Signing.PublicKey(x963Representation: raw) else { return false }
        if let der = try? P256.Signing.ECDSASignature(derRepresentation: signature), key.isValidSignature(der, for: message) { return true }
        if let plain = try? P256.Signing.ECDSASignature(rawRepresentation: signature), key.isValidSignature(plain, for: message) { return true }
        return false
    }

    static func deviceID(_ text: String) throws -> String {
        let device = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(device.count), device.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }) else {
            throw RPCError.invalidArgument("设备标识无效", reason: "SIGNATURE_DEVICE_INVALID", details: ["field": "deviceId"])
        }
        return device
    }

    static func message(_ claims: SignatureReceiptClaims, receipt: String) -> Metrology_Identity_V1_SignatureReceipt {
        Metrology_Identity_V1_SignatureReceipt(claims, receipt: receipt)
    }
}
