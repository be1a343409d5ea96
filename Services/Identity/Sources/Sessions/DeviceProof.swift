import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Proof that a mobile login comes from the device holding the key it names (issue 14 §9): identity hands out a
/// single-use nonce (LoginChallenge), the device signs it with its ECDSA P-256 key, and the login carries the
/// signature. The key must then be the one the devices service has registered for the device, so a login can
/// neither leave the key out nor name a key it does not hold.
struct DeviceProof: Sendable {
    let store: IdentityStore
    let clock: ChallengeClock
    static let lifetime: TimeInterval = 60

    func loginChallenge(
        _ request: Metrology_Identity_V1_LoginChallengeRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_LoginChallengeResponse
    {
        let id = UUID()
        let expires = clock.now().addingTimeInterval(Self.lifetime)
        let text = [
            "metrology-login-challenge-v1", id.uuidString.lowercased(), SessionHandlers.randomToken(), "\(Int(expires.timeIntervalSince1970))",
        ]
        .joined(separator: "\n")
        try await store.insertLoginChallenge(id: id, challenge: Data(text.utf8), expiresAt: expires, logger: context.logger)
        var response = Metrology_Identity_V1_LoginChallengeResponse()
        response.challengeID = id.uuidString.lowercased()
        response.challenge = Data(text.utf8)
        response.expiresAt = Google_Protobuf_Timestamp(date: expires)
        return response
    }

    /// Checks the login's proof and uses its challenge up; returns the hex SHA-256 of the proven key (X9.63), which
    /// the device's registered key must match.
    func verify(_ request: Metrology_Identity_V1_LoginRequest, context: CallContext) async throws -> String {
        // A key that is not a key at all is bad input, answered as the devices service answers it.
        if !request.device.publicKey.isEmpty, Self.x963(request.device.publicKey) == nil {
            throw RPCError.invalidArgument("设备公钥必须是 ECDSA P-256（X9.63 或 DER 格式）", reason: "DEVICE_KEY_INVALID", details: ["field": "publicKey"])
        }
        guard !request.device.publicKey.isEmpty, !request.deviceChallengeID.isEmpty, !request.deviceProof.isEmpty else {
            throw RPCError.unauthenticated("移动设备登录须提供设备公钥及其对登录挑战的签名", reason: "IDENTITY_DEVICE_PROOF_MISSING")
        }
        guard let id = UUID(uuidString: request.deviceChallengeID),
            let challenge = try await store.consumeLoginChallenge(id: id, now: clock.now(), logger: context.logger)
        else { throw RPCError.unauthenticated("登录挑战无效、已使用或已过期，请重新获取", reason: "IDENTITY_LOGIN_CHALLENGE_INVALID") }
        guard let key = Self.x963(request.device.publicKey), SignatureHandlers.isValid(request.deviceProof, of: challenge, key: key) else {
            throw RPCError.unauthenticated("设备签名验证失败，不能证明持有该设备的密钥", reason: "IDENTITY_DEVICE_PROOF_INVALID")
        }
        return SHA256.hash(data: key).hexEncoded
    }

    /// The key in X9.63 form, from X9.63 or DER SubjectPublicKeyInfo (what the devices service accepts).
    static func x963(_ raw: Data) -> Data? {
        if let key = try? P256.Signing.PublicKey(x963Representation: raw) { return key.x963Representation }
        if let key = try? P256.Signing.PublicKey(derRepresentation: raw) { return key.x963Representation }
        return nil
    }
}
