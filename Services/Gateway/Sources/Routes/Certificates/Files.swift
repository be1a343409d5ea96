import CertificatesAPI
import Contracts
import OpenAPIRuntime
import RPCCore

/// `/v1/certificates/{id}/pdf?copy=`: a certificate's sealed PDF, its voided copy or the raw record rendered at issue,
/// sent as itself and streamed (`CertificateFileChunks`): the gateway never holds the whole file, and nothing is
/// base64 in JSON. Content-Length is the stored size (the transport sends it for a body of known length).
extension CertificatesRoutes {
    func downloadCertificatePdf(_ input: Operations.DownloadCertificatePdf.Input) async throws -> Operations.DownloadCertificatePdf.Output {
        var request = Metrology_Certificates_V1_GetCertificateRequest()
        request.id = input.path.id
        let certificate = try await call(CertificatesMethods.getCertificate, request)
        let copy = input.query.copy ?? .original
        let (file, isSet, filename): (Metrology_Certificates_V1_StoredFile, Bool, String) =
            switch copy {
            case .original: (certificate.pdf, certificate.hasPdf, "\(certificate.number).pdf")
            case .voided: (certificate.voidedPdf, certificate.hasVoidedPdf, "\(certificate.number)-作废.pdf")
            case .rawRecord: (certificate.rawRecordPdf, certificate.hasRawRecordPdf, "\(certificate.number)-原始记录.pdf")
            }
        guard isSet, !file.sha256.isEmpty else { throw Self.copyMissing(copy) }
        let chunks = try await CertificateFileChunks.open(sha256: file.sha256, backend: backend, options: try RequestScope.get().options)
        let body = HTTPBody(chunks, length: .known(chunks.size), iterationBehavior: .single)
        return .ok(
            .init(
                headers: .init(contentDisposition: ContentDisposition.attachment(filename: filename), xContentTypeOptions: .nosniff), body: .pdf(body)
            ))
    }

    /// The certificate exists but not this copy: not voided, or still being issued.
    static func copyMissing(_ copy: Operations.DownloadCertificatePdf.Input.Query.CopyPayload) -> RPCError {
        let what =
            switch copy {
            case .original: "该证书的 PDF 尚未生成"
            case .voided: "该证书未作废，没有作废副本"
            case .rawRecord: "该证书没有原始记录 PDF"
            }
        return .notFound(what, reason: "CERTIFICATES_FILE_NOT_FOUND")
    }
}
