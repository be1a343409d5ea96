import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Submission and review (§4.3.9.6, §4.3.10): PrepareSubmission, SubmitTask, PrepareReview, ReviewTask.
///
/// The tester signs the record's canonical content through identity's ceremony (meaning 检定); SubmitTask accepts the
/// receipt only for this task, this meaning, the tester and the content as it is now, recomputed from the locked
/// rows, and freezes the record. The reviewer signs the submitted digest (核验) or returns the record with a reason.
/// Calls to identity (receipt verification, qualification) and flows (the pinned procedure) happen in the writes'
/// prepare steps, before their transactions.
struct SubmissionHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {
        router.query(RecordsMethods.prepareSubmission, access: .permission(.recordsEnter), prepareSubmission)
        router.write(RecordsMethods.submitTask, access: .permission(.recordsEnter), prepare: verifySubmission, submitTask)
        router.query(RecordsMethods.prepareReview, access: .permission(.recordsReview), prepareReview)
        router.write(RecordsMethods.reviewTask, access: .permission(.recordsReview), prepare: verifyReview, reviewTask)
    }

    static let verification = "verification"
    static let review = "review"

    func prepareSubmission(
        _ request: Metrology_Records_V1_PrepareSubmissionRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_Submission {
        let caller = try context.caller()
        let id = try RecordsErrors.taskID(request.taskID)
        guard let content = try await database.withConnection({ try await SubmissionContent.load(id, on: $0, logger: context.logger) }) else {
            throw RecordsErrors.taskNotFound
        }
        try Self.requireSubmittable(content.row, by: caller)
        let procedure = try await ProcedureCache.shared.procedure(
            itemID: content.row.itemID, typeCode: content.row.typeCode, version: content.row.procedureVersion, context: context)
        try RecordCompleteness.require(content.task, plan: procedure.plan)
        return Self.submission(content, meaning: Self.verification, digest: content.canonical.digest)
    }

    /// What SubmitTask needs from other services: the verified receipt and the task's entry plan.
    struct VerifiedSubmission: Sendable {
        let receipt: Metrology_Identity_V1_SignatureReceipt
        let plan: EntryPlan
    }

    func verifySubmission(_ request: Metrology_Records_V1_SubmitTaskRequest, _ context: CallContext) async throws -> VerifiedSubmission {
        let id = try RecordsErrors.taskID(request.taskID)
        let receipt = try await Self.verifiedReceipt(request.receipt, context: context)
        guard let row = try await database.withConnection({ try await TaskStore.row(id, on: $0, logger: context.logger) }) else {
            throw RecordsErrors.taskNotFound
        }
        let procedure = try await ProcedureCache.shared.procedure(
            itemID: row.itemID, typeCode: row.typeCode, version: row.procedureVersion, context: context)
        return VerifiedSubmission(receipt: receipt, plan: procedure.plan)
    }

    func submitTask(
        _ request: Metrology_Records_V1_SubmitTaskRequest, _ verified: VerifiedSubmission, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Task {
        let caller = try context.caller()
        let id = try RecordsErrors.taskID(request.taskID)
        guard let row = try await TaskStore.lock(id, on: connection, logger: context.logger),
            let content = try await SubmissionContent.load(id, row: row, on: connection, logger: context.logger)
        else { throw RecordsErrors.taskNotFound }
        try Self.requireSubmittable(row, by: caller)
        guard request.revision == row.revision else { throw SubmissionErrors.revisionChanged(prepared: request.revision, current: row.revision) }
        try RecordCompleteness.require(content.task, plan: verified.plan)
        // The digest of the record as it is now, from the rows this transaction holds: a value changed after the
        // tester prepared (and signed) is a different digest.
        let digest = content.canonical.digest
        try ReceiptCheck(resource: content.resource, meaning: Self.verification, digest: digest, signer: row.testerID).check(verified.receipt)
        guard try await !SubmissionStore.receiptUsed(verified.receipt.receiptID, on: connection, logger: context.logger) else {
            throw SubmissionErrors.receiptUsed
        }
        try await SubmissionStore.insertSignature(task: id, receipt: verified.receipt, on: connection, logger: context.logger)
        try await SubmissionStore.markSubmitted(id, digest: digest, on: connection, logger: context.logger)
        try await context.audit(
            "task.submitted", entityType: "task", entityID: row.idString,
            summary: "\(caller.displayName) 签名提交原始记录 \(row.rawRecordNumber)（\(row.itemName)）",
            details: [
                "rawRecordNumber": row.rawRecordNumber, "digest": digest, "receiptId": verified.receipt.receiptID, "revision": "\(row.revision)",
                "device": verified.receipt.deviceID, "method": verified.receipt.method,
            ], on: connection)
        var task = try await Self.recorded(id, context: context, connection: connection)
        task.nextStep = RecordCompleteness.nextStep(of: task, plan: verified.plan)
        var event = Metrology_Records_V1_TaskRecorded()
        event.task = task
        event.customer = try await customer(row.customerID, connection: connection, context: context)
        try await Outbox.append(
            RecordsEvents.taskSubmitted, subject: row.idString, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
        return task
    }

    // MARK: Shared steps

    /// In entry (in_progress) or back from review (returned), and the caller is its tester.
    static func requireSubmittable(_ row: TaskRow, by caller: Principal) throws {
        guard row.state == "in_progress" || row.state == "returned" else { throw RecordsErrors.taskState(row.state, action: "提交") }
        guard row.testerID == caller.userID else { throw RecordsErrors.taskNotYours(testerName: row.testerName) }
    }

    /// Identity's signature on the receipt, checked here with identity's published keys as identity itself would
    /// (`CallContext.verifiedReceipt`); RECORDS_RECEIPT_INVALID with the verifier's reason otherwise.
    static func verifiedReceipt(_ text: String, context: CallContext) async throws -> Metrology_Identity_V1_SignatureReceipt {
        let receipt = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !receipt.isEmpty else { throw SubmissionErrors.receiptRequired }
        do {
            return try await context.verifiedReceipt(receipt)
        } catch let error as RPCError where error.code == .invalidArgument && error.reason.hasPrefix("RECEIPT_") {
            throw SubmissionErrors.receiptInvalid(error.reason, message: error.message)
        }
    }

    static func submission(_ content: SubmissionContent, meaning: String, digest: String) -> Metrology_Records_V1_Submission {
        var submission = Metrology_Records_V1_Submission()
        submission.taskID = content.row.idString
        submission.resource = content.resource
        submission.digest = digest
        submission.canonical = content.canonical.bytes
        submission.revision = content.row.revision
        submission.meaning = meaning
        return submission
    }

    /// The task as it stands after the change, with its record and current signatures (the answer and the events).
    static func recorded(_ id: UUID, context: CallContext, connection: PostgresConnection) async throws -> Metrology_Records_V1_Task {
        guard let task = try await TaskReader.task(id, detail: true, on: connection, logger: context.logger) else { throw RecordsErrors.taskNotFound }
        return task
    }

    func customer(_ id: UUID, connection: PostgresConnection, context: CallContext) async throws -> Metrology_Records_V1_Customer {
        try await CustomerStore(client: database).customer(id: id, on: connection, logger: context.logger)?.message ?? .init()
    }
}
