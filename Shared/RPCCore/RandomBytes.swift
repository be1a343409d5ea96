import CRandom
import Synchronization

/// Cryptographically random bytes for identifiers (message ids, trace and span ids), drawn from the kernel 4 KiB at
/// a time.
///
/// Why not `UUID()` and `SystemRandomNumberGenerator`: on Linux, Foundation's `UUID()` opens, reads and closes
/// `/dev/urandom` for every id, and the generator makes one `getrandom` call per 8 bytes. A call used to make 2 file
/// opens and 24 `getrandom` calls for its ids: about a fifth of the client's time per call (see BENCHMARKS.md).
package enum RandomBytes {
    private struct Pool: ~Copyable {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
    }

    private static let pool = Mutex(Pool())

    /// Calls `body` with `count` (at most 64) fresh random bytes.
    package static func with<Result>(count: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        precondition(count <= 64)
        return withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { target in
            pool.withLock { pool in
                if pool.used + count > pool.bytes.count {
                    refill(&pool.bytes)
                    pool.used = 0
                }
                let start = pool.used
                pool.bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
                pool.used += count
            }
            return body(UnsafeRawBufferPointer(target))
        }
    }

    private static func refill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            var filled = 0
            while filled < buffer.count {
                let got = metrology_getrandom(buffer.baseAddress! + filled, UInt(buffer.count - filled))
                if got > 0 {
                    filled += got
                } else {
                    // getrandom(2) only fails before the kernel's pool is seeded, or when interrupted: fall back to
                    // the generator, which blocks until it has entropy.
                    var generator = SystemRandomNumberGenerator()
                    buffer[filled] = UInt8.random(in: 0...255, using: &generator)
                    filled += 1
                }
            }
        }
    }

    /// Lower-case hex of `value` without leading zeros; up to 15 digits it stays inside the string, no allocation.
    package static func hex(_ value: UInt64) -> String {
        let digits = max(1, (UInt64.bitWidth - value.leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: digits) { text in
            for index in 0..<digits {
                text[digits - 1 - index] = hexDigits[Int((value >> (4 * UInt64(index))) & 0x0F)]
            }
            return digits
        }
    }

    /// A random (version 4) UUID in its canonical lower-case form.
    package static func uuidString() -> String {
        with(count: 16) { random in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, randomByte) in random.enumerated() {
                    // The version (4) and variant (10) bits.
                    let byte = index == 6 ? (randomByte & 0x0F) | 0x40 : index == 8 ? (randomByte & 0x3F) | 0x80 : randomByte
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = hexDigits[Int(byte >> 4)]
                    text[position + 1] = hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
