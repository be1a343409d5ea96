import CertificatesAPI
import Contracts
import Foundation
import Messaging
import OpenAPIRuntime

/// `/v1/tasks/{id}/preview?kind=`: the raw record or the certificate as it would be issued, stamped 预览, for the
/// tester before submitting, the reviewer and the approver. The service renders it (a second or so through the
/// converters) and decides who may see the task.
extension CertificatesRoutes {
    func previewDocument(_ input: Operations.PreviewDocument.Input) async throws -> Operations.PreviewDocument.Output {
        var message = Metrology_Certificates_V1_PreviewDocumentRequest()
        message.taskID = input.path.id
        message.kind = input.query.kind?.rawValue ?? ""
        let preview = try await backend.call(CertificatesMethods.previewDocument, message, options: try RequestScope.get().options.rendering)
        let name = preview.kind == "raw_record" ? "原始记录-预览.pdf" : "证书-预览.pdf"
        return .ok(
            .init(
                headers: .init(contentDisposition: ContentDisposition.inline(filename: name), xContentTypeOptions: .nosniff),
                body: .pdf(HTTPBody(preview.pdf))))
    }

    /// 重新出具: a new certificate with a new number that references the voided one, approved again.
    func reissueCertificate(_ input: Operations.ReissueCertificate.Input) async throws -> Operations.ReissueCertificate.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Certificates_V1_ReissueCertificateRequest()
        message.id = input.path.id
        message.receipt = body.receipt
        return .ok(
            .init(
                body: .json(
                    .init(try await backend.call(CertificatesMethods.reissueCertificate, message, options: try RequestScope.get().options.rendering)))
            ))
    }

    /// The customer's e-certificate, streamed, for whoever holds its number and check code.
    func downloadPublicCertificate(
        _ input: Operations.DownloadPublicCertificate.Input
    ) async throws -> Operations.DownloadPublicCertificate.Output {
        let chunks = try await CertificateFileChunks.open(
            .publicCertificate(number: input.query.number, code: input.query.code), backend: backend, options: try RequestScope.get().options)
        let body = HTTPBody(chunks, length: .known(chunks.size), iterationBehavior: .single)
        return .ok(
            .init(
                headers: .init(
                    contentDisposition: ContentDisposition.attachment(filename: "\(input.query.number).pdf"), xContentTypeOptions: .nosniff),
                body: .pdf(body)))
    }
}

extension CallOptions {
    /// A call that waits on LibreOffice (a preview) or gathers a certificate's inputs from three services (a
    /// re-issue): longer than the gateway's usual deadline.
    var rendering: CallOptions {
        var options = self
        options.timeout = .seconds(60)
        return options
    }
}
