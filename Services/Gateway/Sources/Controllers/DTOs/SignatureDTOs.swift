import Contracts
import Foundation

// Electronic signatures (电子签名): challenges and receipts; device keys are the devices service's (DeviceDTOs.swift).
// Binary values are base64 strings here and bytes in the contracts; the controller converts them with Base64Field.

struct CreateChallengeBody: Codable, Sendable {
    var meaning: String
    var resource: String
    var digest: String
    var deviceId: String
}

struct ChallengeDTO: Codable, Sendable {
    var challengeId: String
    /// base64 of the exact bytes the device signs.
    var challenge: String
    var expiresAt: String

    init(_ challenge: Metrology_Identity_V1_SignatureChallenge) {
        challengeId = challenge.challengeID
        self.challenge = challenge.challenge.base64EncodedString()
        expiresAt = RFC3339.string(challenge.expiresAt)
    }
}

struct CompleteSignatureBody: Codable, Sendable {
    var digest: String
    /// base64 of a DER or raw (r‖s) ECDSA signature over the challenge.
    var signature: String
    var method: String
    /// base64 PNG of the handwritten signature, when there is one.
    var handwritingPng: String?
}

struct VerifyReceiptBody: Codable, Sendable {
    var receipt: String
}

struct SignatureReceiptDTO: Codable, Sendable {
    var receiptId: String
    /// Compact JWS that any service verifies offline; keep it with what was signed.
    var receipt: String
    var signerId: String
    var printedName: String
    var meaning: String
    var resource: String
    var digest: String
    var signedAt: String
    var deviceId: String
    var method: String
    var handwritingSha256: String

    init(_ receipt: Metrology_Identity_V1_SignatureReceipt) {
        receiptId = receipt.receiptID
        self.receipt = receipt.receipt
        signerId = receipt.signerID
        printedName = receipt.printedName
        meaning = receipt.meaning
        resource = receipt.resource
        digest = receipt.digest
        signedAt = RFC3339.string(receipt.signedAt)
        deviceId = receipt.deviceID
        method = receipt.method
        handwritingSha256 = receipt.handwritingSha256
    }
}
