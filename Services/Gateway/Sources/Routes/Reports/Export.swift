import Contracts
import Foundation
import Messaging
import OpenAPIRuntime
import RPCCore
import ReportsAPI

/// `/v1/reports/export.xlsx` and `/v1/reports/export.zip`: a statistics query as a spreadsheet, alone or zipped with
/// its certificates' PDFs, streamed (ExportChunks, ReportsArchiveChunks). The query comes as JSON in `query`.
extension ReportsRoutes {
    func exportStatisticsXlsx(_ input: Operations.ExportStatisticsXlsx.Input) async throws -> Operations.ExportStatisticsXlsx.Output {
        let query = try Self.query(input.query.query)
        let chunks = try await ExportChunks.open(query, backend: backend, options: try RequestScope.get().options)
        let filename = chunks.first.filename.isEmpty ? "统计报表.xlsx" : chunks.first.filename
        return .ok(
            .init(
                headers: .init(
                    contentDisposition: ContentDisposition.attachment(filename: filename), xRowCount: chunks.first.rows, xContentTypeOptions: .nosniff
                ),
                body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(
                    HTTPBody(chunks, length: .known(chunks.size), iterationBehavior: .single))))
    }

    func exportStatisticsZip(_ input: Operations.ExportStatisticsZip.Input) async throws -> Operations.ExportStatisticsZip.Output {
        let query = try Self.query(input.query.query)
        let limit = Int(input.query.certificates ?? 500)
        guard (0...ReportsArchiveChunks.maxCertificates).contains(limit) else {
            throw RPCError.invalidArgument(
                "打包的证书数须在 0 到 \(ReportsArchiveChunks.maxCertificates) 之间", reason: "REPORTS_EXPORT_CERTIFICATES_INVALID",
                details: ["field": "certificates"])
        }
        var options = try RequestScope.get().options
        try ArchiveTokenLifetime.check(options.accessToken)
        options.messageID = nil
        let sheet = try await ExportChunks.open(query, backend: backend, options: options)
        let chunks = ReportsArchiveChunks(backend: backend, options: options, sheet: sheet, query: query, limit: limit)
        let name = (sheet.first.filename.isEmpty ? "统计报表.xlsx" : sheet.first.filename).replacingOccurrences(of: ".xlsx", with: ".zip")
        return .ok(
            .init(
                headers: .init(contentDisposition: ContentDisposition.attachment(filename: name), xContentTypeOptions: .nosniff),
                body: .applicationZip(HTTPBody(chunks, length: .unknown, iterationBehavior: .single))))
    }

    /// The `query` parameter: the JSON of a StatisticsQuery. REPORTS_QUERY_INVALID when it is not.
    static func query(_ text: String) throws -> Metrology_Reports_V1_StatisticsQuery {
        guard let query = try? JSONDecoder().decode(Components.Schemas.StatisticsQuery.self, from: Data(text.utf8)) else {
            throw RPCError.invalidArgument("统计查询参数（query）不是有效的查询 JSON", reason: "REPORTS_QUERY_INVALID", details: ["field": "query"])
        }
        return query.message
    }
}
