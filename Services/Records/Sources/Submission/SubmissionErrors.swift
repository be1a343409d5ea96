import Contracts
import RPCCore

/// The refusals of submission and review, each with its stable reason (the client and the tests rely on the code,
/// people read the Chinese message).
enum SubmissionErrors {
    /// Names the step the procedure expects next, as entry does, so the tester knows where to go on.
    static func incomplete(_ step: Metrology_Records_V1_EntryStep) -> RPCError {
        let cell = step.cell
        var place = step.title.isEmpty ? cell.itemCode : step.title
        if !step.pointLabel.isEmpty { place += "（\(step.pointLabel)）" } else if cell.point > 0 { place += "（第 \(cell.point) 点）" }
        if cell.run > 0 { place += "第 \(cell.run) 次" }
        return RPCError(
            code: .failedPrecondition, message: "原始记录尚未录入完整，下一步应录入“\(place)”", reason: "RECORDS_RECORD_INCOMPLETE",
            details: ["itemCode": cell.itemCode, "point": "\(cell.point)", "run": "\(cell.run)", "title": step.title])
    }

    static func reopened(_ itemCode: String, point: Int32, run: Int32) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "原始记录中有被重新打开的数据（\(itemCode)）尚未按顺序重新确认", reason: "RECORDS_RECORD_INCOMPLETE",
            details: ["itemCode": itemCode, "point": "\(point)", "run": "\(run)", "reopened": "true"])
    }

    static func receiptInvalid(_ identityReason: String, message: String) -> RPCError {
        RPCError.invalidArgument("签名回执无效：\(message)", reason: "RECORDS_RECEIPT_INVALID", details: ["receiptReason": identityReason])
    }

    static func resourceMismatch(expected: String, signed: String) -> RPCError {
        RPCError.invalidArgument(
            "签名回执签署的对象不是本原始记录", reason: "RECORDS_SIGNATURE_RESOURCE_MISMATCH", details: ["expected": expected, "signed": signed])
    }

    static func digestMismatch(expected: String, signed: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "签名所签的内容与原始记录当前内容不一致（记录在准备签名后已被修改），请重新签名",
            reason: "RECORDS_SIGNATURE_DIGEST_MISMATCH", details: ["expected": expected, "signed": signed])
    }

    static func revisionChanged(prepared: Int32, current: Int32) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "原始记录在准备签名后已被修改（版本 \(prepared) → \(current)），请重新签名",
            reason: "RECORDS_SIGNATURE_DIGEST_MISMATCH", details: ["preparedRevision": "\(prepared)", "revision": "\(current)"])
    }

    static func meaningMismatch(expected: String, signed: String) -> RPCError {
        RPCError.invalidArgument(
            "签名含义应为“\(meaningTitle(expected))”，回执为“\(meaningTitle(signed))”", reason: "RECORDS_SIGNATURE_MEANING_MISMATCH",
            details: ["expected": expected, "signed": signed])
    }

    static let signerNotTester = RPCError(
        code: .permissionDenied, message: "签名人不是该任务的检定员", reason: "RECORDS_SIGNER_NOT_TESTER")

    static let signerNotReviewer = RPCError(
        code: .permissionDenied, message: "签名人不是当前核验员本人", reason: "RECORDS_SIGNER_NOT_REVIEWER")

    static let receiptUsed = RPCError(
        code: .failedPrecondition, message: "该签名回执已经使用过，请重新签名", reason: "RECORDS_RECEIPT_ALREADY_USED")

    static let receiptRequired = RPCError.invalidArgument("请提供签名回执", reason: "RECORDS_RECEIPT_REQUIRED", details: ["field": "receipt"])

    static let reviewerIsTester = RPCError(
        code: .permissionDenied, message: "核验员不能是该任务的检定员本人", reason: "RECORDS_REVIEWER_IS_TESTER")

    static func notQualified(_ identityReason: String, message: String) -> RPCError {
        RPCError(
            code: .permissionDenied, message: message.isEmpty ? "您不具备核验该项目的资质" : "不具备核验资质：\(message)",
            reason: "RECORDS_NOT_QUALIFIED", details: ["qualificationReason": identityReason])
    }

    static let decisionInvalid = RPCError.invalidArgument(
        "核验结论必须是 pass（通过）或 return（退回）", reason: "RECORDS_REVIEW_DECISION_INVALID", details: ["field": "decision"])

    static let returnReasonRequired = RPCError.invalidArgument(
        "退回时请填写退回原因", reason: "RECORDS_RETURN_REASON_REQUIRED", details: ["field": "reason"])

    static let returnReasonTooLong = RPCError.invalidArgument(
        "退回原因不能超过 \(ReviewDecision.maxReasonLength) 个字符", reason: "RECORDS_RETURN_REASON_TOO_LONG",
        details: ["field": "reason", "maxLength": "\(ReviewDecision.maxReasonLength)"])

    static let submittedContentChanged = RPCError(
        code: .failedPrecondition, message: "原始记录的内容与提交时签名的内容不一致，不能核验通过，请退回检定员重新提交",
        reason: "RECORDS_SUBMITTED_CONTENT_CHANGED")

    static func meaningTitle(_ meaning: String) -> String {
        ["verification": "检定", "review": "核验", "approval": "批准"][meaning] ?? meaning
    }
}
