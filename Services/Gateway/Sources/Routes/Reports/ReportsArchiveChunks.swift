import Contracts
import Foundation
import Messaging
import OpenAPIRuntime
import RPCCore
import ZipStream

/// The export zip (§4.3.13.5: 导出为电子表格或压缩包) as the async sequence of 64 KiB chunks a streamed body iterates:
/// `统计报表.xlsx` read from the reports spool, then `证书/<number>.pdf` for the query's rows that have a
/// certificate, each read with certificates' ReadFile. Every `next()` does one unit of work (one chunk of the sheet or
/// of a PDF, one page of the query), so the gateway holds about one file chunk and one zip chunk. Entries are stored:
/// an .xlsx and a PDF are compressed already. A PDF the service no longer has is left out; any other failure ends
/// the body with the error (a truncated zip, never a wrong one).
struct ReportsArchiveChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    static let maxCertificates = 2000
    static let pageSize: Int32 = 500
    static let chunkSize = 64 * 1024

    let backend: any GatewayBackend
    let options: CallOptions
    let sheet: ExportChunks
    let query: Metrology_Reports_V1_StatisticsQuery
    let limit: Int

    func makeAsyncIterator() -> Iterator { Iterator(archive: self) }

    struct Iterator: ZipChunkStream {
        typealias Element = HTTPBody.ByteChunk
        typealias Failure = any Error
        private let archive: ReportsArchiveChunks
        var zipState = ZipChunkState(chunkSize: ReportsArchiveChunks.chunkSize)
        /// Where the sheet's reading is: nil before it began, then its offset; done once the certificates began.
        private var sheetOffset: Int64?
        private var sheetDone = false
        private var certificates: [(number: String, sha256: String)] = []
        private var cursor = ""
        private var pagesDone = false
        private var taken = 0
        private var names = Set<String>()
        private var current: (sha256: String, offset: Int64, size: Int64)?

        init(archive: ReportsArchiveChunks) {
            self.archive = archive
        }

        mutating func step() async throws {
            if !sheetDone {
                try await sheetStep()
            } else if let current {
                let chunk = try await read(current.sha256, offset: current.offset)
                try zip.write(chunk.content)
                let offset = current.offset + Int64(chunk.content.count)
                self.current = chunk.last || offset >= current.size ? nil : (current.sha256, offset, current.size)
                if self.current == nil { try zip.endEntry() }
            } else if !certificates.isEmpty {
                try await begin(certificates.removeFirst())
            } else if taken < archive.limit, !pagesDone {
                try await nextPage()
            } else {
                try finishZip()
            }
        }

        private mutating func sheetStep() async throws {
            let chunk: Metrology_Reports_V1_ExportChunk
            if let offset = sheetOffset {
                chunk = try await archive.sheet.read(offset: offset)
            } else {
                try zip.beginEntry(path: "统计报表.xlsx", modified: Date(), compression: .stored)
                chunk = archive.sheet.first
            }
            try zip.write(chunk.content)
            let offset = (sheetOffset ?? 0) + Int64(chunk.content.count)
            sheetOffset = offset
            if chunk.last || offset >= archive.sheet.size {
                try zip.endEntry()
                sheetDone = true
            }
        }

        /// The next page of the query's plain rows (groups have no certificates), keeping those with a PDF.
        private mutating func nextPage() async throws {
            var request = archive.query
            request.groupBy = []
            request.columns = ["certificate_number"]
            request.pageSize = ReportsArchiveChunks.pageSize
            request.cursor = cursor
            let page = try await archive.backend.call(ReportsMethods.queryStatistics, request, options: archive.options)
            for row in page.rows where !row.certificateFileSha256.isEmpty && !row.certificateNumber.isEmpty {
                guard taken + certificates.count < archive.limit else { break }
                certificates.append((row.certificateNumber, row.certificateFileSha256))
            }
            taken += certificates.count
            cursor = page.nextCursor
            pagesDone = page.nextCursor.isEmpty || page.rows.isEmpty
        }

        private mutating func begin(_ certificate: (number: String, sha256: String)) async throws {
            let first: Metrology_Certificates_V1_FileChunk
            do {
                first = try await read(certificate.sha256, offset: 0)
            } catch let error as RPCError where error.code == .notFound {
                return
            }
            // A number is unique per lab; a name seen twice (a reissue keeps its own number) is still kept apart.
            var name = "证书/\(Self.safe(certificate.number)).pdf"
            if names.contains(name) { name = "证书/\(Self.safe(certificate.number))-\(names.count).pdf" }
            names.insert(name)
            try zip.beginEntry(path: name, modified: Date(), compression: .stored)
            try zip.write(first.content)
            let size = first.file.size
            if first.last || Int64(first.content.count) >= size {
                try zip.endEntry()
            } else {
                current = (certificate.sha256, Int64(first.content.count), size)
            }
        }

        private func read(_ sha256: String, offset: Int64) async throws -> Metrology_Certificates_V1_FileChunk {
            var request = Metrology_Certificates_V1_ReadFileRequest()
            request.sha256 = sha256
            request.offset = offset
            request.length = 1 << 20
            let chunk = try await archive.backend.call(CertificatesMethods.readFile, request, options: archive.options)
            let end = offset + Int64(chunk.content.count)
            // `last` before the announced size would store a cut PDF as if it were whole: an inconsistency, not the end.
            guard chunk.offset == offset, end <= chunk.file.size, !chunk.content.isEmpty || chunk.last, !chunk.last || end == chunk.file.size else {
                throw ExportChunks.inconsistent
            }
            return chunk
        }

        /// A file name from a certificate number: path separators and control characters replaced.
        static func safe(_ number: String) -> String {
            String(number.unicodeScalars.map { $0 == "/" || $0 == "\\" || $0.value < 0x20 ? "_" : Character($0) }.prefix(100))
        }
    }
}
