import Contracts
import RPCCore
import Testing

@testable import RecordsService

/// A verified receipt counts for a record only when it names that record, the step's meaning, its signer and the
/// content as it is; each mismatch has its own reason.
@Suite("Records: binding a receipt to a record")
struct ReceiptCheckTests {
    static let digest = String(repeating: "a", count: 64)
    static let check = ReceiptCheck(resource: "records/task/t-1", meaning: "verification", digest: digest, signer: "tester-1")

    static func receipt(
        resource: String = "records/task/t-1", meaning: String = "verification", digest: String = digest, signer: String = "tester-1"
    ) -> Metrology_Identity_V1_SignatureReceipt {
        var receipt = Metrology_Identity_V1_SignatureReceipt()
        receipt.resource = resource
        receipt.meaning = meaning
        receipt.digest = digest
        receipt.signerID = signer
        return receipt
    }

    static func reason(_ check: ReceiptCheck, _ receipt: Metrology_Identity_V1_SignatureReceipt) -> String? {
        do {
            try check.check(receipt)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("a receipt for this task, meaning, signer and digest passes")
    func matching() {
        #expect(Self.reason(Self.check, Self.receipt()) == nil)
    }

    @Test("another resource, meaning, signer or digest is refused with its own reason")
    func mismatches() {
        #expect(Self.reason(Self.check, Self.receipt(resource: "records/task/t-2")) == "RECORDS_SIGNATURE_RESOURCE_MISMATCH")
        #expect(Self.reason(Self.check, Self.receipt(meaning: "review")) == "RECORDS_SIGNATURE_MEANING_MISMATCH")
        #expect(Self.reason(Self.check, Self.receipt(signer: "someone-else")) == "RECORDS_SIGNER_NOT_TESTER")
        #expect(Self.reason(Self.check, Self.receipt(digest: String(repeating: "b", count: 64))) == "RECORDS_SIGNATURE_DIGEST_MISMATCH")
        var review = Self.check
        review.meaning = "review"
        #expect(Self.reason(review, Self.receipt(meaning: "review", signer: "someone-else")) == "RECORDS_SIGNER_NOT_REVIEWER")
    }
}
