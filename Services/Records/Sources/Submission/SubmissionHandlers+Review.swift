import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Review (核验, §4.3.10): by someone other than the tester, qualified for the item today. A pass carries the
/// reviewer's receipt over the submitted digest and sends the task on to approval; a return carries a reason and
/// sends it back to the tester, whose changes are then kept in the value history and signed again.
extension SubmissionHandlers {
    func prepareReview(
        _ request: Metrology_Records_V1_PrepareSubmissionRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_Submission {
        let caller = try context.caller()
        let id = try RecordsErrors.taskID(request.taskID)
        guard let content = try await database.withConnection({ try await SubmissionContent.load(id, on: $0, logger: context.logger) }) else {
            throw RecordsErrors.taskNotFound
        }
        try Self.requireReviewable(content.row, by: caller)
        try await Self.requireQualified(caller, item: content.row.itemCode, context: context)
        // The reviewer signs what the tester signed; the bytes shown must be the ones that digest covers.
        guard content.canonical.digest == content.row.submittedDigest else { throw SubmissionErrors.submittedContentChanged }
        return Self.submission(content, meaning: Self.review, digest: content.row.submittedDigest)
    }

    /// What ReviewTask needs from identity: the decision checked, the qualification confirmed and, for a pass, the
    /// verified receipt.
    struct VerifiedReview: Sendable {
        let decision: ReviewDecision
        let receipt: Metrology_Identity_V1_SignatureReceipt?
    }

    func verifyReview(_ request: Metrology_Records_V1_ReviewTaskRequest, _ context: CallContext) async throws -> VerifiedReview {
        let caller = try context.caller()
        let id = try RecordsErrors.taskID(request.taskID)
        let decision = try ReviewDecision.parse(request)
        guard let row = try await database.withConnection({ try await TaskStore.row(id, on: $0, logger: context.logger) }) else {
            throw RecordsErrors.taskNotFound
        }
        // Refused before asking anyone: the tester reviewing their own record is never a qualification question.
        guard row.testerID != caller.userID else { throw SubmissionErrors.reviewerIsTester }
        try await Self.requireQualified(caller, item: row.itemCode, context: context)
        guard case .pass(let receipt) = decision else { return VerifiedReview(decision: decision, receipt: nil) }
        return VerifiedReview(decision: decision, receipt: try await Self.verifiedReceipt(receipt, context: context))
    }

    func reviewTask(
        _ request: Metrology_Records_V1_ReviewTaskRequest, _ verified: VerifiedReview, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Task {
        let caller = try context.caller()
        let id = try RecordsErrors.taskID(request.taskID)
        guard let row = try await TaskStore.lock(id, on: connection, logger: context.logger) else { throw RecordsErrors.taskNotFound }
        try Self.requireReviewable(row, by: caller)
        switch verified.decision {
        case .pass:
            guard let receipt = verified.receipt,
                let content = try await SubmissionContent.load(id, row: row, on: connection, logger: context.logger)
            else { throw RecordsErrors.taskNotFound }
            try ReceiptCheck(resource: content.resource, meaning: Self.review, digest: row.submittedDigest, signer: caller.userID).check(receipt)
            guard content.canonical.digest == row.submittedDigest else { throw SubmissionErrors.submittedContentChanged }
            guard try await !SubmissionStore.receiptUsed(receipt.receiptID, on: connection, logger: context.logger) else {
                throw SubmissionErrors.receiptUsed
            }
            try await SubmissionStore.insertSignature(task: id, receipt: receipt, on: connection, logger: context.logger)
            try await SubmissionStore.markReviewed(id, reviewer: caller.userID, name: caller.displayName, on: connection, logger: context.logger)
            if let testDate = row.testDate {
                try await SubmissionStore.recordVerification(instrument: row.instrumentID, testDate: testDate, on: connection, logger: context.logger)
            }
            let finished = try await SubmissionStore.finishCommissionIfDone(row.commissionID, on: connection, logger: context.logger)
            try await context.audit(
                "task.reviewed", entityType: "task", entityID: row.idString,
                summary: "\(caller.displayName) 核验通过原始记录 \(row.rawRecordNumber)（\(row.itemName)）",
                details: [
                    "rawRecordNumber": row.rawRecordNumber, "digest": row.submittedDigest, "receiptId": receipt.receiptID,
                    "device": receipt.deviceID, "method": receipt.method, "commissionDone": finished ? "true" : "false",
                ], on: connection)
            let task = try await Self.recorded(id, context: context, connection: connection)
            var event = Metrology_Records_V1_TaskRecorded()
            event.task = task
            event.customer = try await customer(row.customerID, connection: connection, context: context)
            try await Outbox.append(
                RecordsEvents.taskReviewed, subject: row.idString, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
            return task
        case .return(let reason):
            try await SubmissionStore.markReturned(id, reason: reason, on: connection, logger: context.logger)
            try await context.audit(
                "task.returned", entityType: "task", entityID: row.idString,
                summary: "\(caller.displayName) 退回原始记录 \(row.rawRecordNumber)（\(row.itemName)）：\(reason)",
                details: ["rawRecordNumber": row.rawRecordNumber, "reason": reason, "digest": row.submittedDigest], on: connection)
            let task = try await Self.recorded(id, context: context, connection: connection)
            var event = Metrology_Records_V1_TaskReturned()
            event.task = task
            event.reason = reason
            event.reviewerID = caller.userID
            event.reviewerName = caller.displayName
            try await Outbox.append(
                RecordsEvents.taskReturned, subject: row.idString, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
            return task
        }
    }

    /// Submitted and awaiting review, by someone other than its tester (检定 and 核验 are two people's duties).
    static func requireReviewable(_ row: TaskRow, by caller: Principal) throws {
        guard row.testerID != caller.userID else { throw SubmissionErrors.reviewerIsTester }
        guard row.state == "submitted" else { throw RecordsErrors.taskState(row.state, action: "核验") }
    }

    /// Identity decides whether the reviewer holds a valid qualification for the item (by its code) today.
    static func requireQualified(_ caller: Principal, item: String, context: CallContext) async throws {
        var request = Metrology_Identity_V1_CheckQualificationRequest()
        request.userID = caller.userID
        request.item = item
        request.action = "review"
        let answer = try await context.call(IdentityMethods.checkQualification, request, step: "qualification-review")
        guard answer.allowed else { throw SubmissionErrors.notQualified(answer.reason, message: answer.message) }
    }
}
