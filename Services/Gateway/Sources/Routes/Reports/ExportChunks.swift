import Contracts
import Messaging
import OpenAPIRuntime
import RPCCore

/// The .xlsx a statistics export wrote into the reports service's spool, read with ExportStatistics one chunk
/// (at most 1 MiB) per call, as the async sequence a streamed body iterates. The first call (which makes the
/// service write the file) happens before the response starts, so a refusal is still a clean problem document and
/// the size is known; each further chunk is asked for only when the body writer wants it, with the options captured
/// at the request (the body outlives `RequestScope`) and no Idempotency-Key. A chunk that does not continue where the
/// last ended, or runs past the announced size, ends the body with an error: a short download, never wrong bytes.
struct ExportChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    static let chunkLength = Int32(1 << 20)

    let backend: any GatewayBackend
    let options: CallOptions
    let first: Metrology_Reports_V1_ExportChunk

    static func open(_ query: Metrology_Reports_V1_StatisticsQuery, backend: any GatewayBackend, options: CallOptions) async throws -> Self {
        var options = options
        options.messageID = nil
        var request = Metrology_Reports_V1_ExportStatisticsRequest()
        request.query = query
        request.length = chunkLength
        let first = try await backend.call(ReportsMethods.exportStatistics, request, options: options)
        guard first.offset == 0, first.size >= 0, Int64(first.content.count) <= first.size else { throw inconsistent }
        return Self(backend: backend, options: options, first: first)
    }

    var size: Int64 { first.size }

    func read(offset: Int64) async throws -> Metrology_Reports_V1_ExportChunk {
        var request = Metrology_Reports_V1_ExportStatisticsRequest()
        request.exportID = first.exportID
        request.offset = offset
        request.length = Self.chunkLength
        let chunk = try await backend.call(ReportsMethods.exportStatistics, request, options: options)
        guard chunk.offset == offset, chunk.size == size, offset + Int64(chunk.content.count) <= size, !chunk.content.isEmpty || chunk.last else {
            throw Self.inconsistent
        }
        return chunk
    }

    static var inconsistent: RPCError {
        RPCError(code: .internal, message: "导出文件读取不一致，请重新导出", reason: "REPORTS_EXPORT_INCONSISTENT")
    }

    func makeAsyncIterator() -> Iterator { Iterator(chunks: self) }

    struct Iterator: AsyncIteratorProtocol {
        let chunks: ExportChunks
        var pending: Metrology_Reports_V1_ExportChunk?
        var offset: Int64 = 0
        var finished = false

        init(chunks: ExportChunks) {
            self.chunks = chunks
            pending = chunks.first
        }

        mutating func next() async throws -> HTTPBody.ByteChunk? {
            while !finished {
                let chunk: Metrology_Reports_V1_ExportChunk
                if let first = pending {
                    pending = nil
                    chunk = first
                } else {
                    do {
                        chunk = try await chunks.read(offset: offset)
                    } catch {
                        finished = true
                        throw error
                    }
                }
                offset += Int64(chunk.content.count)
                finished = chunk.last || offset >= chunks.size
                if !chunk.content.isEmpty { return HTTPBody.ByteChunk(chunk.content) }
            }
            return nil
        }
    }
}
