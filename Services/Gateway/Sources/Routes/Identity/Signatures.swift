import Contracts
import GatewayAPISupport
import IdentityAPI
import SwiftProtobuf

/// Electronic signatures (电子签名与生物特征认证): a device asks for a challenge over a digest, signs it with its key
/// after a biometric unlock and gets a receipt identity signed; anyone can have a receipt verified. The device's key
/// is not registered here: it comes with the device at login and lives in the devices service.
extension IdentityRoutes {
    func createSignatureChallenge(_ input: Operations.CreateSignatureChallenge.Input) async throws -> Operations.CreateSignatureChallenge.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_CreateSignatureChallengeRequest()
        message.meaning = body.meaning.rawValue
        message.resource = body.resource
        message.digest = body.digest
        message.deviceID = body.deviceId
        let challenge = try await call(IdentityMethods.createSignatureChallenge, message)
        return .created(
            .init(
                body: .json(
                    .init(
                        challengeId: challenge.challengeID, challenge: .init(challenge.challenge), expiresAt: challenge.expiresAt.date,
                        webauthn: challenge.hasWebauthn ? .init(challenge.webauthn) : nil))))
    }

    /// 201: completing a challenge creates the receipt. A retry with the same Idempotency-Key gets the same receipt.
    func completeSignature(_ input: Operations.CompleteSignature.Input) async throws -> Operations.CompleteSignature.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_CompleteSignatureRequest()
        message.challengeID = input.path.id
        message.digest = body.digest
        if let signature = body.signature { message.signature = signature.data }
        message.method = body.method?.rawValue ?? ""
        if let png = body.handwritingPng { message.handwritingPng = png.data }
        if let assertion = body.webauthn { message.webauthn = try .init(assertion) }
        return .created(.init(body: .json(try .init(try await call(IdentityMethods.completeSignature, message)))))
    }

    /// Answers the receipt's verified fields; a forged or altered receipt is the service's error, not a false flag.
    func verifySignatureReceipt(_ input: Operations.VerifySignatureReceipt.Input) async throws -> Operations.VerifySignatureReceipt.Output {
        var message = Metrology_Identity_V1_VerifySignatureReceiptRequest()
        message.receipt =
            switch input.body {
            case .json(let body): body.receipt
            }
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.verifySignatureReceipt, message)))))
    }
}
