import Auth
import Contracts
import Foundation
import Hummingbird
import Messaging

/// Electronic signatures (电子签名与生物特征认证): a device asks for a challenge over a digest, signs it with its key
/// after a biometric unlock and gets a receipt identity signed; anyone can have a receipt verified. The device's key
/// is not registered here: it comes with the device at login and lives in the devices service.
struct SignaturesController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/signatures/challenges", use: createChallenge)
        router.post("/v1/signatures/challenges/:id/complete", use: complete)
        router.post("/v1/signatures/verify", use: verify)
    }

    func createChallenge(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CreateChallengeBody.self)
        var message = Metrology_Identity_V1_CreateSignatureChallengeRequest()
        message.meaning = body.meaning
        message.resource = body.resource
        message.digest = body.digest
        message.deviceID = body.deviceId
        let challenge = try await backend.call(IdentityMethods.createSignatureChallenge, message, options: options)
        return try jsonResponse(ChallengeDTO(challenge), status: .created)
    }

    /// 201: completing a challenge creates the receipt. A retry with the same Idempotency-Key gets the same receipt.
    func complete(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CompleteSignatureBody.self)
        var message = Metrology_Identity_V1_CompleteSignatureRequest()
        message.challengeID = try context.parameters.require("id")
        message.digest = body.digest
        message.signature = try Base64Field.decode(body.signature, field: "signature")
        message.method = body.method
        if let png = body.handwritingPng { message.handwritingPng = try Base64Field.decode(png, field: "handwritingPng") }
        let receipt = try await backend.call(IdentityMethods.completeSignature, message, options: options)
        return try jsonResponse(SignatureReceiptDTO(receipt), status: .created)
    }

    /// Answers the receipt's verified fields; a forged or altered receipt is the service's error, not a false flag.
    func verify(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: VerifyReceiptBody.self)
        var message = Metrology_Identity_V1_VerifySignatureReceiptRequest()
        message.receipt = body.receipt
        let receipt = try await backend.call(IdentityMethods.verifySignatureReceipt, message, options: options)
        return try jsonResponse(SignatureReceiptDTO(receipt))
    }
}
