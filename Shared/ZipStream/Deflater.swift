import SystemZlib

/// One raw-deflate stream (zlib, window bits -15: no zlib header or trailer, as ZIP wants) for one entry at a time.
///
/// A class because zlib keeps a pointer to its `z_stream`: the struct must stay at one address, so it lives in memory
/// this object allocates and frees.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    private var open = false

    init(outputCapacity: Int = 64 * 1024) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: outputCapacity)
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Starts a new entry; a stream left open by an entry that failed is dropped first.
    func reset(level: Int) throws(ZipStreamError) {
        if open {
            deflateEnd(stream)
            open = false
        }
        stream.pointee = z_stream()
        let status = deflateInit2_(
            stream, Int32(min(max(level, 1), 9)), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .deflateFailed(status) }
        open = true
    }

    /// Compresses `input` (or, with `finish`, flushes the end of the stream), handing each full output buffer to `emit`.
    func deflate(_ input: UnsafeRawBufferPointer, finish: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard open else { throw ZipStreamError.deflateFailed(Z_STREAM_ERROR) }
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        let capacity = output.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while true {
            let (status, produced) = output.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(capacity)
                let status = SystemZlib.deflate(stream, flush)
                return (status, capacity - Int(stream.pointee.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw ZipStreamError.deflateFailed(status) }
            if produced > 0 { try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            if finish {
                if status == Z_STREAM_END {
                    deflateEnd(stream)
                    open = false
                    return
                }
            } else if stream.pointee.avail_in == 0 && produced < capacity {
                return
            }
        }
    }
}
