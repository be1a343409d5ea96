import Foundation
import OpenAPIRuntime
import ZipStream

/// What the gateway's streamed zips (the certificates' batch download, a statistics export with its certificates) have
/// in common: the zip being written into 64 KiB chunks, the chunks it completed and not yet handed on, and the loop
/// that hands one on or else does one more unit of the zip's work. A conforming iterator says only what one unit is
/// (`step()`: read a file chunk, begin a file, fetch a page, or `finishZip()`), so a slow client holds the gateway at
/// about one file chunk and one zip chunk. A failed step ends the body with the error: the client's zip is cut short,
/// never wrong.
protocol ZipChunkStream: AsyncIteratorProtocol where Element == HTTPBody.ByteChunk {
    var zipState: ZipChunkState { get set }
    /// One unit of work; call `finishZip()` when there is none left.
    mutating func step() async throws
}

struct ZipChunkState {
    var zip: ZipStreamWriter<ChunkedSink>
    fileprivate var ready: [[UInt8]] = []
    fileprivate var done = false

    /// Times in the zip are the lab's local time (the zip format has no time zone).
    init(chunkSize: Int) {
        zip = ZipStreamWriter(sink: ChunkedSink(chunkSize: chunkSize), timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)
    }
}

extension ZipChunkStream {
    var zip: ZipStreamWriter<ChunkedSink> {
        get { zipState.zip }
        _modify { yield &zipState.zip }
    }

    /// Writes the central directory; the chunks left are handed on and the body ends.
    mutating func finishZip() throws {
        var sink = try zipState.zip.finish()
        zipState.ready += sink.takeAll()
        zipState.done = true
    }

    mutating func next() async throws -> HTTPBody.ByteChunk? {
        while true {
            if !zipState.ready.isEmpty { return HTTPBody.ByteChunk(zipState.ready.removeFirst()) }
            if zipState.done { return nil }
            do {
                try await step()
            } catch {
                zipState.done = true
                throw error
            }
            zipState.ready += zipState.zip.withSink { $0.takeFullChunks() }
        }
    }
}
