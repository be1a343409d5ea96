import Contracts
import Messaging
import OpenAPIRuntime
import RPCCore

/// A stored file read with the service's ReadFile (or, for the customer's download, ReadPublicCertificate), one chunk (at most 1 MiB) per call, as the async sequence a
/// streamed response body iterates. The first chunk is read before the response starts (it gives the file's size,
/// hence Content-Length, and a missing file is still a clean 404); every further chunk is asked for only when the
/// body writer wants the next, so a slow client holds at most one chunk in the gateway, never the whole file.
///
/// Each call carries the options captured when the request was handled: the body is written after the handler has
/// returned, outside `RequestScope`'s task local. The Idempotency-Key is dropped, so no chunk is taken for a retry of
/// another. A chunk that does not continue where the last one ended, or that runs past the size the first one
/// announced, ends the body with an error (the client sees a short download, never wrong bytes).
struct CertificateFileChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    static let chunkLength: Int32 = 1 << 20

    /// What is read: a stored file by its address (ReadFile, for signed-in callers), or a certificate by its number
    /// and check code (ReadPublicCertificate, for anyone holding the printed certificate).
    enum Source: Sendable {
        case file(sha256: String)
        case publicCertificate(number: String, code: String)
    }

    let backend: any GatewayBackend
    let options: CallOptions
    let source: Source
    let first: Metrology_Certificates_V1_FileChunk

    /// Reads the first chunk of `sha256`; the service's 404 (CERTIFICATES_FILE_NOT_FOUND) comes back as thrown.
    static func open(sha256: String, backend: any GatewayBackend, options: CallOptions) async throws -> Self {
        try await open(.file(sha256: sha256), backend: backend, options: options)
    }

    static func open(_ source: Source, backend: any GatewayBackend, options: CallOptions) async throws -> Self {
        var options = options
        options.messageID = nil
        let first = try await read(source, offset: 0, backend: backend, options: options)
        guard first.offset == 0, first.file.size >= 0, Int64(first.content.count) <= first.file.size else { throw Self.inconsistent }
        return Self(backend: backend, options: options, source: source, first: first)
    }

    /// The file's size, from the first chunk.
    var size: Int64 { first.file.size }

    static func read(
        _ source: Source, offset: Int64, backend: any GatewayBackend, options: CallOptions
    ) async throws -> Metrology_Certificates_V1_FileChunk {
        switch source {
        case .file(let sha256):
            var request = Metrology_Certificates_V1_ReadFileRequest()
            request.sha256 = sha256
            request.offset = offset
            request.length = chunkLength
            return try await backend.call(CertificatesMethods.readFile, request, options: options)
        case .publicCertificate(let number, let code):
            var request = Metrology_Certificates_V1_ReadPublicCertificateRequest()
            request.number = number
            request.checkCode = code
            request.offset = offset
            request.length = chunkLength
            return try await backend.call(CertificatesMethods.readPublicCertificate, request, options: options)
        }
    }

    static var inconsistent: RPCError {
        RPCError(code: .internal, message: "文件读取不一致，请重试下载", reason: "FILE_CHUNK_INCONSISTENT")
    }

    func makeAsyncIterator() -> Iterator { Iterator(chunks: self) }

    struct Iterator: AsyncIteratorProtocol {
        let chunks: CertificateFileChunks
        var pending: Metrology_Certificates_V1_FileChunk?
        /// Bytes handed out so far: the offset of the next chunk.
        var offset: Int64 = 0
        var finished = false

        init(chunks: CertificateFileChunks) {
            self.chunks = chunks
            pending = chunks.first
        }

        mutating func next() async throws -> HTTPBody.ByteChunk? {
            while !finished {
                let chunk: Metrology_Certificates_V1_FileChunk
                if let first = pending {
                    pending = nil
                    chunk = first
                } else {
                    chunk = try await CertificateFileChunks.read(chunks.source, offset: offset, backend: chunks.backend, options: chunks.options)
                    // An empty chunk before the end would ask for the same offset forever.
                    guard chunk.offset == offset, chunk.file.size == chunks.size, !chunk.content.isEmpty || chunk.last else {
                        finished = true
                        throw CertificateFileChunks.inconsistent
                    }
                }
                offset += Int64(chunk.content.count)
                guard offset <= chunks.size else {
                    finished = true
                    throw CertificateFileChunks.inconsistent
                }
                finished = chunk.last || offset == chunks.size
                if !chunk.content.isEmpty { return HTTPBody.ByteChunk(chunk.content) }
            }
            return nil
        }
    }
}
