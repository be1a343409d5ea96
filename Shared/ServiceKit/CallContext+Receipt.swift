public import Auth
public import Contracts
import Foundation
import RPCCore
import SwiftProtobuf

extension CallContext {
    /// Verifies an identity signature receipt in this process, exactly as identity's VerifySignatureReceipt does: the
    /// receipt is a JWS signed with identity's token keys, which every service already holds to verify access
    /// tokens (see `SignatureReceiptClaims`). A call to identity for it cost a broker round trip and a handler run on
    /// each side for a check that needs neither.
    ///
    /// Throws INVALID_ARGUMENT with reason RECEIPT_MALFORMED, RECEIPT_BAD_SIGNATURE or RECEIPT_UNKNOWN_KEY (a key id
    /// identity does not publish, even after a fresh fetch) for a receipt that is not identity's, and UNAVAILABLE
    /// (SIGNING_KEYS_UNAVAILABLE) while identity's keys cannot be fetched.
    public func verifiedReceipt(_ receipt: String) async throws -> Metrology_Identity_V1_SignatureReceipt {
        guard let verifier else {
            throw RPCError(code: .internal, message: "服务内部错误：无法验证签名回执", reason: "RECEIPT_VERIFIER_MISSING")
        }
        return Metrology_Identity_V1_SignatureReceipt(try await verifier.verifyReceipt(receipt), receipt: receipt)
    }
}

extension Metrology_Identity_V1_SignatureReceipt {
    /// A receipt's verified claims as the RPC message that carries them.
    public init(_ claims: SignatureReceiptClaims, receipt: String) {
        self.init()
        receiptID = claims.rid
        self.receipt = receipt
        signerID = claims.sub
        printedName = claims.name
        meaning = claims.meaning
        resource = claims.resource
        digest = claims.digest
        signedAt = Google_Protobuf_Timestamp(seconds: claims.iat)
        deviceID = claims.device
        method = claims.method
        handwritingSha256 = claims.hw
        credentialID = claims.cred ?? ""
    }
}
