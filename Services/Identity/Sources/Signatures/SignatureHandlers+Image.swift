import Auth
import Contracts
import Foundation
import RPCCore
import ServiceKit
import SwiftProtobuf

/// GetSignatureImage: the handwriting captured with a receipt, which certificates prints on the certificate beside the
/// printed name (§4.3.12.3). The signer may read their own; reading another person's needs the permission of whoever
/// prints or checks certificates (批准 or 证书查询), since the image is a personal signature.
extension SignatureHandlers {
    func getSignatureImage(
        _ request: Metrology_Identity_V1_GetSignatureImageRequest, _ context: CallContext
    ) async throws -> Metrology_Identity_V1_SignatureImage {
        let caller = try context.caller()
        guard let id = UUID(uuidString: request.receiptID) else {
            throw RPCError(
                code: .invalidArgument, message: "签名回执编号格式不正确", reason: "SIGNATURE_RECEIPT_ID_INVALID", details: ["field": "receiptId"])
        }
        guard let stored = try await store.signatureImage(receipt: id, logger: context.logger) else {
            throw RPCError.notFound("签名回执不存在", reason: "SIGNATURE_RECEIPT_NOT_FOUND")
        }
        guard
            stored.userID.uuidString.lowercased() == caller.userID.lowercased() || caller.has(.certificatesApprove) || caller.has(.certificatesQuery)
        else {
            throw RPCError(
                code: .permissionDenied, message: "只能查看本人的手写签名，或需要“证书批准”或“证书查询”权限", reason: "SIGNATURE_IMAGE_NOT_ALLOWED")
        }
        var image = Metrology_Identity_V1_SignatureImage()
        image.receiptID = id.uuidString.lowercased()
        image.signerID = stored.userID.uuidString.lowercased()
        image.printedName = stored.printedName
        image.signedAt = Google_Protobuf_Timestamp(date: stored.signedAt)
        image.png = stored.png ?? Data()
        image.sha256 = stored.sha256
        return image
    }
}
