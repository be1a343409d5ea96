import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// ReissueCertificate (§4.2.4.5): a voided certificate comes back only as a new certificate with a new number that
/// references it — the same record and signatures of the tester and reviewer, the lab's current template, and a new
/// approval: a 批准 receipt over `certificates/reissue/<voided id>` and the record's digest, by someone who is neither
/// its tester nor its reviewer and is qualified today. The number is taken last in the prepare with the voided
/// certificate as its reference, so a retry or a crash takes none twice.
extension CertificateHandlers {
    struct ReissueInputs: Sendable {
        var approval: ApprovalInputs
    }

    static let carriedOverInputs: Set<String> = ["sign_tester", "sign_reviewer", "point_labels"]

    static func reissueResource(_ id: UUID) -> String { "certificates/reissue/\(id.uuidString.lowercased())" }

    func verifyReissue(_ request: Metrology_Certificates_V1_ReissueCertificateRequest, _ context: CallContext) async throws -> ReissueInputs {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.id, field: "id", what: "证书")
        let (old, approval) = try await database.withConnection { connection -> (CertificateRow?, ApprovalRow?) in
            guard let old = try await CertificateStore.row(id, on: connection, logger: context.logger) else { return (nil, nil) }
            return (old, try await ApprovalStore.row(old.taskID, on: connection, logger: context.logger))
        }
        guard let old, let approval else { throw CertificatesErrors.certificateNotFound }
        try Self.requireReissuable(old, approval: approval, by: caller)
        let receipt = try await ApprovalHandlers.verifiedReceipt(request.receipt, context: context)
        try ApprovalReceiptCheck(resource: Self.reissueResource(id), digest: approval.digest, signer: caller.userID).check(receipt)
        try await ApprovalHandlers.requireQualified(caller, item: approval.itemCode, context: context)
        let kind = CertificateKind(rawValue: old.kind) ?? .certificate
        let templates = try await ApprovalInputs.templates(
            item: approval.itemID, type: approval.typeCode, kinds: [kind.rawValue, "raw_record"], files: database, context: context)
        guard let template = templates[kind.rawValue] else {
            throw CertificatesErrors.templateMissing(kind, item: approval.itemName, type: approval.typeTitle)
        }
        let raw = templates["raw_record"]
        var signatures: [String: ApprovalInputs.StoredInput] = [:]
        signatures["sign_approver"] = try await ApprovalInputs.signature(
            receipt: receipt.receiptID, handwriting: receipt.handwritingSha256, step: "sign_approver", files: database, context: context)
        var number = Metrology_Flows_V1_IssueNumberRequest()
        number.itemID = approval.itemID
        number.typeCode = approval.typeCode
        number.target = "certificate"
        number.reference = "reissue/\(old.idString)"
        let issued = try await context.call(FlowsMethods.issueNumber, number, step: "number")
        return ReissueInputs(
            approval: ApprovalInputs(
                receipt: receipt, kind: kind, number: issued.number, template: template, rawRecordTemplate: raw, signatures: signatures))
    }

    func reissueCertificate(
        _ request: Metrology_Certificates_V1_ReissueCertificateRequest, _ inputs: ReissueInputs, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Certificates_V1_Certificate {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.id, field: "id", what: "证书")
        guard let old = try await CertificateStore.row(id, lock: true, on: connection, logger: context.logger),
            let approval = try await ApprovalStore.row(old.taskID, on: connection, logger: context.logger)
        else { throw CertificatesErrors.certificateNotFound }
        try Self.requireReissuable(old, approval: approval, by: caller)
        let approved = inputs.approval
        guard try await !CertificateStore.receiptUsed(approved.receipt.receiptID, on: connection, logger: context.logger) else {
            throw CertificatesErrors.receiptUsed
        }
        // What belongs to the record carries over from the voided certificate: its tester's and reviewer's signatures
        // and its procedure version's point labels (without them the readings table printed point numbers, not
        // 大流量, 中流量 …). The templates and the approver's signature are today's, stored in one statement.
        var stored = try await CertificateStore.inputs(id, on: connection, logger: context.logger).filter {
            Self.carriedOverInputs.contains($0.key)
        }
        stored.merge(try await approved.storeDocumentsAndSignatures(on: connection, logger: context.logger)) { _, today in today }
        let newID = UUID()
        try await CertificateStore.insert(
            .init(
                id: newID, number: approved.number, kind: approved.kind, row: approval, task: try approval.taskRecorded().task,
                approverID: caller.userID,
                approverName: approved.receipt.printedName.isEmpty ? caller.displayName : approved.receipt.printedName,
                receipt: approved.receipt.receipt, receiptID: approved.receipt.receiptID, approvedAt: Date(), checkCode: CheckCode.make(),
                replaces: id),
            inputs: stored, on: connection, logger: context.logger)
        try await CertificateStore.markReplaced(id, by: newID, on: connection, logger: context.logger)
        try await context.audit(
            "certificate.reissued", entityType: "certificate", entityID: newID.uuidString.lowercased(),
            summary: "\(caller.displayName) 重新出具\(approved.kind.title) \(approved.number)，替代已作废的 \(old.number)",
            details: ["number": approved.number, "replaces": old.number, "replacesId": old.idString, "receiptId": approved.receipt.receiptID],
            on: connection)
        try await Processes.start(
            issueKind, state: [], id: newID.uuidString.lowercased(), trace: context.rpc.trace, on: connection, logger: context.logger)
        guard let created = try await CertificateStore.row(newID, on: connection, logger: context.logger) else {
            throw CertificatesErrors.certificateNotFound
        }
        return created.message
    }

    /// Voided, not yet re-issued, and the approver is neither the record's tester nor its reviewer.
    static func requireReissuable(_ old: CertificateRow, approval: ApprovalRow, by caller: Principal) throws {
        guard approval.testerID != caller.userID else { throw CertificatesErrors.approverIsTester }
        guard approval.reviewerID != caller.userID else { throw CertificatesErrors.approverIsReviewer }
        guard old.state == "voided" else { throw CertificatesErrors.certificateState(old.state, action: "重新出具") }
        guard old.replacedByID == nil else {
            throw RPCError(code: .failedPrecondition, message: "该证书已重新出具过", reason: "CERTIFICATES_ALREADY_REISSUED")
        }
    }
}
