import CertificatesAPI
import Contracts
import Foundation
import Messaging
import OpenAPIRuntime
import RPCCore

/// `GET /v1/certificates/archive?<the list's filters>`: the query's certificates as one zip, streamed while it is made
/// (`CertificateArchiveChunks`). The first page is asked for before the response starts: it gives the total for
/// `X-Total-Count`, and a query past the limit, a refused permission or a bad filter is still a clean problem document.
extension CertificatesRoutes {
    /// At most this many certificates in one zip: 2000 certificates are about 4000 PDFs, several GB and minutes of
    /// the certificates service's reads; a larger batch is better cut by date.
    static let archiveLimit: Int64 = 2000

    func downloadCertificateArchive(_ input: Operations.DownloadCertificateArchive.Input) async throws -> Operations.DownloadCertificateArchive.Output
    {
        let query = input.query
        var request = Metrology_Certificates_V1_ListCertificatesRequest()
        request.text = query.text ?? ""
        request.itemID = query.itemId ?? ""
        request.typeCode = query.typeCode ?? ""
        request.state = query.state ?? ""
        request.kind = query.kind ?? ""
        request.issuedFrom = query.issuedFrom ?? ""
        request.issuedTo = query.issuedTo ?? ""
        request.conclusion = query.conclusion ?? ""
        request.sort = query.sort ?? ""
        request.ascending = query.ascending ?? false
        request.descending = query.descending ?? false
        request.pageSize = CertificateArchiveChunks.pageSize
        // The body is written after this handler returns, outside RequestScope: keep the caller's options, without the
        // Idempotency-Key (every page and chunk is a read of its own).
        var options = try RequestScope.get().options
        options.messageID = nil
        try ArchiveTokenLifetime.check(options.accessToken)
        let first = try await backend.call(CertificatesMethods.listCertificates, request, options: options)
        guard first.total <= Self.archiveLimit else { throw Self.archiveTooLarge(first.total) }
        let chunks = CertificateArchiveChunks(backend: backend, options: options, request: request, firstPage: first, limit: Int(first.total))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let now = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date())
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", now.year ?? 0, now.month ?? 0, now.day ?? 0, now.hour ?? 0, now.minute ?? 0, now.second ?? 0)
        return .ok(
            .init(
                headers: .init(
                    contentDisposition: ContentDisposition.attachment(filename: "证书批量下载-\(stamp).zip"), xTotalCount: first.total,
                    xContentTypeOptions: .nosniff),
                body: .applicationZip(HTTPBody(chunks, length: .unknown, iterationBehavior: .single))))
    }

    static func archiveTooLarge(_ total: Int64) -> RPCError {
        .invalidArgument(
            "一次最多打包下载 \(archiveLimit) 份证书，当前查询共 \(total) 份，请缩小签发日期范围或增加筛选条件后分批下载", reason: "CERTIFICATES_ARCHIVE_TOO_LARGE",
            details: ["total": "\(total)", "limit": "\(archiveLimit)"])
    }
}
