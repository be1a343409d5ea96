import Synchronization
import ZipStream

/// The bytes the xlsx writer has produced and the spool has not stored yet. The writer owns its sink (a struct), so
/// the sink keeps only a reference to this buffer and the export takes full chunks out between rows.
final class SpoolBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    var count: Int { bytes.withLock { $0.count } }

    func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.withLock { $0.append(contentsOf: buffer) }
    }

    /// Up to `size` bytes from the front; with `all`, everything that is left.
    func take(_ size: Int, all: Bool = false) -> [UInt8]? {
        bytes.withLock { value in
            guard all ? !value.isEmpty : value.count >= size else { return nil }
            let taken = Array(value.prefix(size))
            value.removeFirst(taken.count)
            return taken
        }
    }
}

/// The xlsx writer's sink: every byte into the export's buffer.
struct SpoolSink: ZipSink {
    let buffer: SpoolBuffer

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(bytes)
    }
}
