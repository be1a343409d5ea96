import Contracts
import RPCCore

/// Binds a verified identity receipt to this record: identity signs a digest for any resource it is given (issue 16:
/// "binding a receipt to real content is records' job"), so a receipt counts only when it names this task, the
/// meaning of this step, exactly the content it is meant to cover and the person who must sign it. Pure: the
/// receipt has been verified (identity's EdDSA signature) before this runs; whether it was used before is the
/// store's question.
struct ReceiptCheck: Sendable, Equatable {
    /// "records/task/<id>"
    var resource: String
    /// verification (检定, the tester) | review (核验, the reviewer)
    var meaning: String
    /// The digest the receipt must name: the record's current content at submission, the submitted digest at review.
    var digest: String
    /// Who must have signed: the task's tester at submission, the caller at review.
    var signer: String

    /// Throws the first fact that does not hold, in the order a person can act on it: the wrong record, the wrong
    /// meaning, the wrong person, then changed content (sign again).
    func check(_ receipt: Metrology_Identity_V1_SignatureReceipt) throws(RPCError) {
        guard receipt.resource == resource else { throw SubmissionErrors.resourceMismatch(expected: resource, signed: receipt.resource) }
        guard receipt.meaning == meaning else { throw SubmissionErrors.meaningMismatch(expected: meaning, signed: receipt.meaning) }
        guard receipt.signerID == signer else {
            throw meaning == "review" ? SubmissionErrors.signerNotReviewer : SubmissionErrors.signerNotTester
        }
        guard receipt.digest == digest else { throw SubmissionErrors.digestMismatch(expected: digest, signed: receipt.digest) }
    }
}
