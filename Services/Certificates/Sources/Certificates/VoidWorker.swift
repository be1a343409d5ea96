import Contracts
import DocumentConversion
import Foundation
import Logging
import PDFSeal
import Persistence
import PostgresNIO
import ServiceKit

/// The void process (§4.3.12.9): renders the filled document kept at issue again, with a large red diagonal 作废 on
/// every page (LibreOffice's PDF watermark), seals it, stores it beside the original and publishes
/// certificates.certificate.voided.
struct VoidWorker: Sendable {
    let database: PostgresClient
    let issue: IssueWorker

    static let name = "certificate.void"

    var kind: ProcessKind {
        ProcessKind(Self.name, first: "render", steps: ["render": render], maxAttempts: 8, firstPause: .seconds(2), longestPause: .seconds(120))
    }

    @Sendable func render(_ step: ProcessStepContext) async throws -> ProcessStepOutcome {
        let logger = step.logger
        guard let id = UUID(uuidString: String(step.processID.dropFirst("void-".count))),
            let loaded = try await issue.load(id, logger: logger)
        else { throw ProcessFailure(reason: "CERTIFICATES_CERTIFICATE_NOT_FOUND", message: "证书 \(step.processID) 不存在") }
        guard loaded.certificate.state == "voided", loaded.certificate.voidedPDF == nil else { return .finished(state: []) }
        guard let filled = loaded.inputs["filled"].flatMap({ loaded.files[$0] }) else {
            throw ProcessFailure(reason: "CERTIFICATES_FILLED_MISSING", message: "证书 \(loaded.certificate.number) 没有保存签发时的填写文档")
        }
        let seal = try await issue.seals.current()
        let pdf = try await issue.sealedPDF(
            (filled.content, DocumentFormat(mediaType: filled.mediaType)), seal: seal, reason: "作废 \(loaded.certificate.number)", watermark: "作废")
        let trace = step.trace
        return .finished(state: []) { connection in
            let sha = try await FileStore.put(pdf, mediaType: "application/pdf", on: connection, logger: logger)
            guard try await CertificateStore.setVoidedPDF(id, sha256: sha, on: connection, logger: logger),
                let voided = try await CertificateStore.row(id, on: connection, logger: logger)
            else { return }
            var event = Metrology_Certificates_V1_CertificateChanged()
            event.certificate = voided.message
            event.task = loaded.recorded.task
            event.customer = loaded.recorded.customer
            try await Outbox.append(
                CertificatesEvents.certificateVoided, subject: voided.idString, payload: event, trace: trace, on: connection, logger: logger)
        }
    }
}
