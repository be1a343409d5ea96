import Contracts
import Foundation
import RPCCore
import ServiceKit

/// What a reviewer decided (§4.3.10.4): pass it on to approval with their signature, or return it to the tester with
/// a reason the tester reads.
enum ReviewDecision: Sendable, Equatable {
    case pass(receipt: String)
    case `return`(reason: String)

    static let maxReasonLength = 500

    /// Parses the request's decision; a return's reason is trimmed, required, one text rule (HumanText, several lines)
    /// and at most 500 characters.
    static func parse(_ request: Metrology_Records_V1_ReviewTaskRequest) throws(RPCError) -> ReviewDecision {
        switch request.decision {
        case "pass":
            let receipt = request.receipt.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !receipt.isEmpty else { throw SubmissionErrors.receiptRequired }
            return .pass(receipt: receipt)
        case "return":
            let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw SubmissionErrors.returnReasonRequired }
            let checked = try HumanText(field: "reason", lines: .multiple, maxLength: .max).check(reason)
            guard checked.count <= maxReasonLength else { throw SubmissionErrors.returnReasonTooLong }
            return .return(reason: checked)
        default:
            throw SubmissionErrors.decisionInvalid
        }
    }
}
