import CertificatesAPI
import Contracts
import Foundation
import GatewayAPISupport
import SwiftProtobuf

// The certificates service's protobuf messages as the document's schemas (Components.Schemas of CertificatesAPI).
// Times are Dates (RFC 3339 in JSON); an unset timestamp (not yet decided, issued, voided) is absent, not 1970. Dates
// ("YYYY-MM-DD") stay text as the service wrote them.

/// Absent in JSON when the service left the timestamp unset.
private func optionalDate(_ isSet: Bool, _ timestamp: Google_Protobuf_Timestamp) -> Date? { isSet ? timestamp.date : nil }

extension Components.Schemas.Approval {
    /// `task` is the record the service attached (GetApproval, ReturnTask); lists carry none.
    init(_ approval: Metrology_Certificates_V1_Approval) throws {
        self.init(
            taskId: approval.taskID, state: .init(approval.state), rawRecordNumber: approval.rawRecordNumber, itemId: approval.itemID,
            itemCode: approval.itemCode, itemName: approval.itemName, typeCode: approval.typeCode, typeTitle: approval.typeTitle,
            customerName: approval.customerName, instrumentName: approval.instrumentName, instrumentModel: approval.instrumentModel,
            instrumentSerial: approval.instrumentSerial, conclusion: approval.conclusion, testerId: approval.testerID,
            testerName: approval.testerName, reviewerId: approval.reviewerID, reviewerName: approval.reviewerName,
            reviewedAt: optionalDate(approval.hasReviewedAt, approval.reviewedAt), approverId: approval.approverID,
            approverName: approval.approverName, decidedAt: optionalDate(approval.hasDecidedAt, approval.decidedAt),
            returnReason: approval.returnReason, certificateId: approval.certificateID,
            task: approval.hasTask ? try ApprovalTask.schema(approval.task) : nil)
    }
}

extension Components.Schemas.ApprovalSubmission {
    init(_ submission: Metrology_Certificates_V1_ApprovalSubmission) {
        self.init(taskId: submission.taskID, resource: submission.resource, digest: submission.digest, meaning: .init(submission.meaning))
    }
}

extension Components.Schemas.StoredFile {
    /// Nil for a file the certificate does not have (yet): an empty address.
    static func optional(_ isSet: Bool, _ file: Metrology_Certificates_V1_StoredFile) -> Self? {
        guard isSet, !file.sha256.isEmpty else { return nil }
        return .init(sha256: file.sha256, mediaType: file.mediaType, size: file.size)
    }
}

extension Components.Schemas.Certificate {
    init(_ certificate: Metrology_Certificates_V1_Certificate) {
        self.init(
            id: certificate.id, number: certificate.number, kind: .init(certificate.kind), state: .init(certificate.state),
            taskId: certificate.taskID, rawRecordNumber: certificate.rawRecordNumber, itemId: certificate.itemID,
            itemCode: certificate.itemCode, itemName: certificate.itemName, typeCode: certificate.typeCode,
            typeTitle: certificate.typeTitle, customerName: certificate.customerName, instrumentName: certificate.instrumentName,
            instrumentModel: certificate.instrumentModel, instrumentSerial: certificate.instrumentSerial, conclusion: certificate.conclusion,
            testDate: certificate.testDate, validUntil: certificate.validUntil, testerName: certificate.testerName,
            reviewerName: certificate.reviewerName, approverId: certificate.approverID, approverName: certificate.approverName,
            approvedAt: optionalDate(certificate.hasApprovedAt, certificate.approvedAt),
            issuedAt: optionalDate(certificate.hasIssuedAt, certificate.issuedAt),
            pdf: .optional(certificate.hasPdf, certificate.pdf), rawRecordPdf: .optional(certificate.hasRawRecordPdf, certificate.rawRecordPdf),
            voidedPdf: .optional(certificate.hasVoidedPdf, certificate.voidedPdf), voidReason: certificate.voidReason,
            voidedByName: certificate.voidedByName, voidedAt: optionalDate(certificate.hasVoidedAt, certificate.voidedAt),
            replacesId: certificate.replacesID, replacesNumber: certificate.replacesNumber, replacedById: certificate.replacedByID,
            checkCode: certificate.checkCode, failure: certificate.failure, instrumentManufacturer: certificate.instrumentManufacturer)
    }
}

extension Components.Schemas.Authenticity {
    init(_ answer: Metrology_Certificates_V1_Authenticity) {
        self.init(
            status: .init(answer.status), number: answer.number, kind: answer.kind, itemName: answer.itemName,
            instrumentName: answer.instrumentName, instrumentSerial: answer.instrumentSerial, customerName: answer.customerName,
            conclusion: answer.conclusion, issuedAt: optionalDate(answer.hasIssuedAt, answer.issuedAt), validUntil: answer.validUntil,
            voidedAt: optionalDate(answer.hasVoidedAt, answer.voidedAt), replacedByNumber: answer.replacedByNumber,
            institution: answer.institution, pdfSha256: answer.pdfSha256, message: answer.message, instrumentModel: answer.instrumentModel,
            manufacturer: answer.manufacturer)
    }
}

extension Components.Schemas.Seal {
    init(_ seal: Metrology_Certificates_V1_Seal) {
        self.init(
            institution: seal.institution, subject: seal.subject, issuer: seal.issuer, serial: seal.serial,
            notBefore: optionalDate(seal.hasNotBefore, seal.notBefore), notAfter: optionalDate(seal.hasNotAfter, seal.notAfter),
            fingerprint: seal.fingerprint, certificatePem: seal.certificatePem, origin: .init(seal.origin),
            installedAt: optionalDate(seal.hasInstalledAt, seal.installedAt))
    }
}
