import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// ApproveTask (批准, §4.3.11.5, §4.3.12.1): the approver's receipt is verified and everything the certificate needs
/// is gathered before the transaction (`verifyApproval`); the write then stores it, marks the record approved and
/// starts the issue process, which numbers nothing and asks nobody: fill, render, seal, store, publish.
///
/// The number is taken last in the prepare, once every refusal has had its chance, with the task as its reference:
/// flows answers a known reference with the number it gave, so a retried approval (same message id or a new one), a
/// crash between the number and the write, or a later round of the same task all get the same number — none is
/// burnt, none issued twice.
extension ApprovalHandlers {
    func verifyApproval(_ request: Metrology_Certificates_V1_ApproveTaskRequest, _ context: CallContext) async throws -> ApprovalInputs {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        guard let row = try await database.withConnection({ try await ApprovalStore.row(id, on: $0, logger: context.logger) }) else {
            throw CertificatesErrors.approvalNotFound
        }
        try Self.requireApprovable(row, by: caller)
        let receipt = try await Self.verifiedReceipt(request.receipt, context: context)
        try ApprovalReceiptCheck(resource: Self.resource(id), digest: row.digest, signer: caller.userID).check(receipt)
        try await Self.requireQualified(caller, item: row.itemCode, context: context)

        let kind = CertificateKind(conclusion: row.conclusion)
        let templates = try await ApprovalInputs.templates(
            item: row.itemID, type: row.typeCode, kinds: [kind.rawValue, "raw_record"], files: database, context: context)
        guard let template = templates[kind.rawValue] else {
            throw CertificatesErrors.templateMissing(kind, item: row.itemName, type: row.typeTitle)
        }
        let rawTemplate = templates["raw_record"]

        let task = try row.taskRecorded().task
        var signatures: [String: ApprovalInputs.StoredInput] = [:]
        let tested = task.signatures.last { $0.meaning == "verification" }
        let reviewed = task.signatures.last { $0.meaning == "review" }
        let receipts = [
            "sign_tester": (tested?.receiptID ?? "", tested?.handwritingSha256 ?? ""),
            "sign_reviewer": (reviewed?.receiptID ?? "", reviewed?.handwritingSha256 ?? ""),
            "sign_approver": (receipt.receiptID, receipt.handwritingSha256),
        ]
        for (role, (receiptID, handwriting)) in receipts.sorted(by: { $0.key < $1.key }) {
            signatures[role] = try await ApprovalInputs.signature(
                receipt: receiptID, handwriting: handwriting, step: role, files: database, context: context)
        }

        let pointLabels = try await ApprovalInputs.pointLabels(
            item: row.itemID, type: row.typeCode, version: task.procedureVersion, step: "procedure", cache: labels, context: context)

        var number = Metrology_Flows_V1_IssueNumberRequest()
        number.itemID = row.itemID
        number.typeCode = row.typeCode
        number.target = "certificate"
        number.reference = "task/\(row.idString)"
        let issued = try await context.call(FlowsMethods.issueNumber, number, step: "number")
        return ApprovalInputs(
            receipt: receipt, kind: kind, number: issued.number, template: template, rawRecordTemplate: rawTemplate, signatures: signatures,
            pointLabels: pointLabels)
    }

    func approveTask(
        _ request: Metrology_Certificates_V1_ApproveTaskRequest, _ inputs: ApprovalInputs, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Certificates_V1_Certificate {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        guard let row = try await ApprovalStore.row(id, lock: true, on: connection, logger: context.logger) else {
            throw CertificatesErrors.approvalNotFound
        }
        try Self.requireApprovable(row, by: caller)
        guard try await !CertificateStore.receiptUsed(inputs.receipt.receiptID, on: connection, logger: context.logger) else {
            throw CertificatesErrors.receiptUsed
        }
        let certificateID = UUID()
        let now = Date()
        let stored = try await inputs.storeAll(on: connection, logger: context.logger)
        let task = try row.taskRecorded().task
        try await CertificateStore.insert(
            .init(
                id: certificateID, number: inputs.number, kind: inputs.kind, row: row, task: task, approverID: caller.userID,
                approverName: inputs.receipt.printedName.isEmpty ? caller.displayName : inputs.receipt.printedName, receipt: inputs.receipt.receipt,
                receiptID: inputs.receipt.receiptID, approvedAt: now, checkCode: CheckCode.make()),
            inputs: stored, on: connection, logger: context.logger)
        try await ApprovalStore.markApproved(
            id, approver: caller.userID, name: caller.displayName, certificate: certificateID, at: now, on: connection, logger: context.logger)
        try await context.audit(
            "approval.approved", entityType: "task", entityID: row.idString,
            summary: "\(caller.displayName) 批准原始记录 \(row.rawRecordNumber)（\(row.itemName)），\(inputs.kind.title)编号 \(inputs.number)",
            details: [
                "rawRecordNumber": row.rawRecordNumber, "certificateNumber": inputs.number, "certificateId": certificateID.uuidString.lowercased(),
                "kind": inputs.kind.rawValue, "receiptId": inputs.receipt.receiptID, "device": inputs.receipt.deviceID,
                "method": inputs.receipt.method,
            ], on: connection)
        try await Processes.start(
            issueKind, state: [], id: certificateID.uuidString.lowercased(), trace: context.rpc.trace, on: connection,
            logger: context.logger)
        guard let certificate = try await CertificateStore.row(certificateID, on: connection, logger: context.logger) else {
            throw CertificatesErrors.certificateNotFound
        }
        return certificate.message
    }

    static func verifiedReceipt(_ text: String, context: CallContext) async throws -> Metrology_Identity_V1_SignatureReceipt {
        let receipt = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !receipt.isEmpty else {
            throw RPCError.invalidArgument("请提供批准人的签名回执", reason: "CERTIFICATES_RECEIPT_REQUIRED", details: ["field": "receipt"])
        }
        do {
            // Identity's signature, checked here with identity's published keys (`CallContext.verifiedReceipt`).
            return try await context.verifiedReceipt(receipt)
        } catch let error as RPCError where error.code == .invalidArgument && error.reason.hasPrefix("RECEIPT_") {
            throw RPCError.invalidArgument(
                "签名回执无效：\(error.message)", reason: "CERTIFICATES_RECEIPT_INVALID", details: ["receiptReason": error.reason])
        }
    }
}

/// Binds a verified receipt to this approval: identity signs a digest for any resource it is given, so the receipt
/// counts only when it names this task's approval, the meaning 批准, the record's digest and the caller.
struct ApprovalReceiptCheck: Sendable {
    var resource: String
    var digest: String
    var signer: String

    func check(_ receipt: Metrology_Identity_V1_SignatureReceipt) throws(RPCError) {
        guard receipt.resource == resource else {
            throw RPCError.invalidArgument(
                "签名回执签署的是“\(receipt.resource)”，不是本记录的批准（\(resource)）", reason: "CERTIFICATES_RECEIPT_RESOURCE_MISMATCH")
        }
        guard receipt.meaning == "approval" else {
            throw RPCError.invalidArgument("签名回执的含义是“\(receipt.meaning)”，批准须以“批准”含义签名", reason: "CERTIFICATES_RECEIPT_MEANING_MISMATCH")
        }
        guard receipt.signerID == signer else {
            throw RPCError(code: .permissionDenied, message: "签名回执不是本人签署的", reason: "CERTIFICATES_RECEIPT_SIGNER_MISMATCH")
        }
        guard receipt.digest == digest else {
            throw RPCError(
                code: .failedPrecondition, message: "签名回执覆盖的内容与待批准的记录不一致，请重新签名", reason: "CERTIFICATES_RECEIPT_DIGEST_MISMATCH")
        }
    }
}

extension CertificatesErrors {
    static let receiptUsed = RPCError(
        code: .failedPrecondition, message: "该签名回执已经使用过，请重新签名", reason: "CERTIFICATES_RECEIPT_USED")

    static func templateMissing(_ kind: CertificateKind, item: String, type: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "“\(item) \(type)”尚未导入\(kind.title)模板，请先在检测流程设置中导入模板",
            reason: "CERTIFICATES_TEMPLATE_MISSING", details: ["kind": kind.rawValue])
    }
}
