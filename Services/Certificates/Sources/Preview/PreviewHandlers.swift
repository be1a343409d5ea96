import Auth
import Contracts
import DocumentConversion
import FillCore
import Foundation
import RPCCore
import ServiceKit
import SwiftProtobuf

/// PreviewDocument (§4.3.9.5 原始记录预览, §4.3.10.3, §4.3.11.4): the raw record or the certificate filled from the task
/// as records has it now, rendered with 预览 across every page. Records decides who may read the task (the call
/// carries the caller's token); the signatures given so far are printed, the number is not (none is taken for a
/// preview).
struct PreviewHandlers: Sendable {
    let issue: IssueWorker
    let labels: PublishedLabels

    static let watermark = "预览"

    func register(on router: inout ServiceRouter) {
        router.query(CertificatesMethods.previewDocument, access: .authenticated, previewDocument)
    }

    func previewDocument(
        _ request: Metrology_Certificates_V1_PreviewDocumentRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_PreviewDocumentResponse {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.taskID, field: "taskId", what: "任务")
        guard ["", "certificate", "raw_record"].contains(request.kind) else {
            throw CertificatesErrors.invalid("kind", "预览种类必须是 certificate（证书）或 raw_record（原始记录）", "CERTIFICATES_PREVIEW_KIND_INVALID")
        }
        var get = Metrology_Records_V1_GetTaskRequest()
        get.taskID = id.uuidString.lowercased()
        let task = try await context.call(RecordsMethods.getTask, get, step: "task")
        var customer = Metrology_Records_V1_Customer()
        customer.name = task.customerName
        if caller.has(.recordsQuery) {
            var request = Metrology_Records_V1_GetCustomerRequest()
            request.customerID = task.customerID
            if let found = try? await context.call(RecordsMethods.getCustomer, request, step: "customer") { customer = found }
        }
        let kind = request.kind == "raw_record" ? "raw_record" : CertificateKind(conclusion: task.conclusion).rawValue
        guard
            let template = try await ApprovalInputs.templates(
                item: task.itemID, type: task.typeCode, kinds: [kind], files: nil, context: context)[kind]
        else {
            if kind == "raw_record" {
                throw RPCError(
                    code: .failedPrecondition, message: "“\(task.itemName) \(task.typeTitle)”尚未导入原始记录模板", reason: "CERTIFICATES_TEMPLATE_MISSING",
                    details: ["kind": kind])
            }
            throw CertificatesErrors.templateMissing(CertificateKind(rawValue: kind) ?? .certificate, item: task.itemName, type: task.typeTitle)
        }

        var images: [String: FillImage] = [:]
        for signature in task.signatures {
            let role = signature.meaning == "verification" ? "SIGN_TESTER" : signature.meaning == "review" ? "SIGN_REVIEWER" : nil
            guard let role, !signature.receiptID.isEmpty else { continue }
            // A signature the caller may not see is left out of the preview rather than refusing the preview.
            if let png = try? await ApprovalInputs.signature(
                receipt: signature.receiptID, handwriting: signature.handwritingSha256, step: "signature-\(signature.meaning)", files: nil,
                context: context)
            {
                let date = CertificateFillData.chineseDate(CertificateFillData.day(signature.signedAt.date))
                images[role] = FillImage(png: png.content, widthMM: 28, caption: [signature.signerName, date])
            }
        }
        let seal = try await Self.converting { try await issue.seals.current() }
        images["SEAL"] = FillImage(png: seal.png, widthMM: 40)
        let row = CertificateRow.preview(task: task, kind: kind)
        let pointLabels = try await ApprovalInputs.pointLabels(
            item: task.itemID, type: task.typeCode, version: task.procedureVersion, step: "procedure", cache: labels, context: context)
        var data = CertificateFillData(task: task, customer: customer, certificate: row, images: images, pointLabels: pointLabels).fillData
        data.values["CERT_NO"] = .text("（预览，批准时编号）")
        let filled: (document: FilledDocument, format: DocumentFormat)
        do {
            filled = try DocumentFiller.fillReporting(template.content, mediaType: template.mediaType, data: data)
        } catch {
            throw RPCError(code: .failedPrecondition, message: error.message, reason: error.code)
        }
        let pdf = try await Self.converting {
            try await issue.pool.convert(filled.document.data, from: filled.format, to: .pdf(archival: false, watermark: Self.watermark))
        }
        var response = Metrology_Certificates_V1_PreviewDocumentResponse()
        response.kind = kind
        response.pdf = pdf
        response.missing = filled.document.report.missing
        return response
    }

    /// The converters' refusals as RPC errors: their fault is UNAVAILABLE (try again), the document's FAILED_PRECONDITION.
    static func converting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ConversionError {
            throw RPCError(
                code: error.isInstanceFault || error.code == "CONVERSION_POOL_BUSY" || error.code == "CONVERSION_NOT_CONFIGURED"
                    ? .unavailable : .failedPrecondition,
                message: error.message, reason: error.code)
        }
    }
}

extension CertificateRow {
    /// What a preview prints where a certificate would print its approval: nothing approved, no number yet.
    static func preview(task: Metrology_Records_V1_Task, kind: String) -> CertificateRow {
        let reviewer = task.signatures.last { $0.meaning == "review" }
        return CertificateRow(
            id: UUID(), number: "", kind: kind, state: "issuing", taskID: UUID(uuidString: task.id) ?? UUID(), round: 0,
            rawRecordNumber: task.rawRecordNumber, itemID: task.itemID, itemCode: task.itemCode, itemName: task.itemName, typeCode: task.typeCode,
            typeTitle: task.typeTitle, customerName: task.customerName, instrumentName: task.instrument.name, instrumentModel: task.instrument.model,
            instrumentSerial: task.instrument.serialNumber, conclusion: task.conclusion, testDate: task.testDate,
            validUntil: kind == "certificate" ? ValidityPeriod.end(testDate: task.testDate, months: Int(task.instrument.cycleMonths)) : "",
            testerName: task.testerName, reviewerName: reviewer?.signerName ?? task.reviewerName, approverID: "", approverName: "",
            approvedAt: Date(),
            issuedAt: nil, checkCode: "", pdf: nil, rawRecordPDF: nil, voidedPDF: nil, voidReason: "", voidedByName: "", voidedAt: nil,
            replacesID: nil,
            replacesNumber: "", replacedByID: nil, failure: "")
    }
}
