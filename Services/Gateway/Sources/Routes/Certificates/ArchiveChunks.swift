import Contracts
import Foundation
import Messaging
import OpenAPIRuntime
import RPCCore
import SwiftProtobuf
import ZipStream

/// The batch download's zip as the async sequence of 64 KiB chunks a streamed response body iterates. Each `next()`
/// does only as much as makes the next chunk: read one 1 MiB chunk of a PDF (ReadFile), begin the next file, or ask
/// for the next page of the query (ListCertificates, 200 a page); so a slow client holds the gateway at about one
/// file chunk and one zip chunk, never a file or the archive.
///
/// PDFs are stored, not deflated (they are compressed streams already). A file the service no longer finds is left
/// out and named in the manifest; any other failure ends the body with the error, so the client's zip is truncated,
/// never wrong. At most `limit` certificates (the total the first page announced) go in, even if more appear while
/// paging.
struct CertificateArchiveChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    static let pageSize: Int32 = 200
    static let chunkSize = 64 * 1024

    let backend: any GatewayBackend
    let options: CallOptions
    let request: Metrology_Certificates_V1_ListCertificatesRequest
    let firstPage: Metrology_Certificates_V1_ListCertificatesResponse
    let limit: Int

    func makeAsyncIterator() -> Iterator { Iterator(archive: self) }

    struct Iterator: ZipChunkStream {
        typealias Element = HTTPBody.ByteChunk
        typealias Failure = any Error
        private let archive: CertificateArchiveChunks
        var zipState = ZipChunkState(chunkSize: CertificateArchiveChunks.chunkSize)
        private var page: [Metrology_Certificates_V1_Certificate]
        private var pageIndex = 0
        private var cursor: String
        private var certificatesTaken = 0
        private var entries = CertificateArchiveEntries()
        private var manifest = CertificateArchiveManifest()
        /// The files of the certificate being written, not yet begun, and the one being read.
        private var pendingFiles: [CertificateArchiveEntries.File] = []
        private var current: (file: CertificateArchiveEntries.File, offset: Int64, size: Int64)?
        private var modified = Date()
        /// The current certificate and the files the zip holds for it, for its manifest line.
        private var certificate: Metrology_Certificates_V1_Certificate?
        private var written: [String] = []

        init(archive: CertificateArchiveChunks) {
            self.archive = archive
            page = archive.firstPage.certificates
            cursor = archive.firstPage.nextCursor
        }

        /// One unit of work, in order of precedence: continue the file being read; begin the certificate's next file;
        /// take the next certificate of the page; fetch the next page; write the manifest and the central directory.
        mutating func step() async throws {
            if let current {
                let chunk = try await read(current.file.sha256, offset: current.offset, expectedSize: current.size)
                try zip.write(chunk.content)
                let offset = current.offset + Int64(chunk.content.count)
                self.current = chunk.last || offset == current.size ? nil : (current.file, offset, current.size)
                if self.current == nil { try zip.endEntry() }
            } else if !pendingFiles.isEmpty {
                try await beginFile(pendingFiles.removeFirst())
            } else if pageIndex < page.count, certificatesTaken < archive.limit {
                closeCertificate()
                let next = page[pageIndex]
                pageIndex += 1
                certificatesTaken += 1
                certificate = next
                modified = next.hasIssuedAt ? next.issuedAt.date : Date()
                pendingFiles = entries.files(of: next)
            } else if certificatesTaken < archive.limit, !cursor.isEmpty {
                var request = archive.request
                request.cursor = cursor
                let response = try await archive.backend.call(CertificatesMethods.listCertificates, request, options: archive.options)
                page = response.certificates
                pageIndex = 0
                // A page that brings nothing would ask again forever.
                cursor = response.certificates.isEmpty ? "" : response.nextCursor
            } else {
                closeCertificate()
                try zip.addEntry(path: "清单.csv", modified: Date(), compression: .deflate, contents: manifest.bytes)
                try finishZip()
            }
        }

        /// Reads the file's first chunk before its entry begins, so a file the service no longer has is left out
        /// cleanly instead of leaving an empty entry.
        private mutating func beginFile(_ file: CertificateArchiveEntries.File) async throws {
            let first: Metrology_Certificates_V1_FileChunk
            do {
                first = try await read(file.sha256, offset: 0, expectedSize: nil)
            } catch let error as RPCError where error.code == .notFound {
                written.append("\(file.path)（文件缺失）")
                return
            }
            try zip.beginEntry(path: file.path, modified: modified, compression: .stored)
            written.append(String(file.path.split(separator: "/").last ?? ""))
            try zip.write(first.content)
            let size = first.file.size
            if first.last || Int64(first.content.count) == size {
                try zip.endEntry()
            } else {
                current = (file, Int64(first.content.count), size)
            }
        }

        private mutating func closeCertificate() {
            guard let certificate else { return }
            manifest.add(certificate, files: written)
            self.certificate = nil
            written = []
        }

        /// One ReadFile call, checked as `CertificateFileChunks` checks its chunks: at the offset asked, within the
        /// size the first chunk announced, and not empty before the end.
        private func read(_ sha256: String, offset: Int64, expectedSize: Int64?) async throws -> Metrology_Certificates_V1_FileChunk {
            let chunk = try await CertificateFileChunks.read(
                .file(sha256: sha256), offset: offset, backend: archive.backend, options: archive.options)
            let size = expectedSize ?? chunk.file.size
            let end = offset + Int64(chunk.content.count)
            // `last` before the announced size would put a cut PDF in the zip as if it were whole: an inconsistency.
            guard chunk.offset == offset, chunk.file.size == size, size >= 0, end <= size, !chunk.content.isEmpty || chunk.last || end == size,
                !chunk.last || end == size
            else { throw CertificateFileChunks.inconsistent }
            return chunk
        }
    }
}
