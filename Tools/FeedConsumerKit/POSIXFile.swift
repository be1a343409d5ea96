import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor with the few calls the state store needs, each failure turned into `FEED_STATE_IO`. Plain POSIX
/// rather than FileHandle: durability needs `fsync` of the file *and* of its directory, `O_APPEND`, `ftruncate` and
/// `flock`, and every return code has to be checked.
final class POSIXFile {
    let descriptor: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(FeedConsumerError) {
        let descriptor = open(path, flags | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Self.failure("打开", path) }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Writes every byte (write(2) may write less than asked, or be interrupted).
    func writeAll(_ data: Data) throws(FeedConsumerError) {
        let failed = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                offset += written
            }
            return false
        }
        if failed { throw Self.failure("写入", path) }
    }

    func sync() throws(FeedConsumerError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw Self.failure("同步（fsync）", path) }
        }
    }

    func size() throws(FeedConsumerError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("读取大小", path) }
        return Int(info.st_size)
    }

    func truncate(to length: Int) throws(FeedConsumerError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw Self.failure("截断", path) }
    }

    /// `count` bytes from `offset` (fewer only at the end of the file).
    func read(at offset: Int, count: Int) throws(FeedConsumerError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Self.failure("读取", path)
            }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes.prefix(filled))
    }

    /// An exclusive advisory lock, released by the kernel when the process dies (even by SIGKILL), so a killed
    /// consumer never leaves a stale lock behind; false when another process holds it.
    func tryLock() -> Bool { flock(descriptor, LOCK_EX | LOCK_NB) == 0 }

    static func failure(_ action: String, _ path: String) -> FeedConsumerError {
        .stateIO("\(action) \(path) 失败（\(String(cString: strerror(errno)))）")
    }

    /// Makes a rename or a file creation in `directory` durable: the directory entry lives in the directory's own blocks.
    static func syncDirectory(_ directory: String) throws(FeedConsumerError) {
        let file = try POSIXFile(path: directory, flags: O_RDONLY | O_DIRECTORY)
        try file.sync()
    }

    static func move(_ from: String, to: String) throws(FeedConsumerError) {
        guard rename(from, to) == 0 else { throw failure("重命名", from) }
    }
}
