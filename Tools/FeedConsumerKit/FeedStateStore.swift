public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The consumer's state folder: `entries.jsonl` (every verified entry, one JSON line each, in sequence order),
/// `cursor.json` (the feed's opaque cursor and the sequence of the last entry it covers) and `lock`.
///
/// The invariant that makes a SIGKILL at any instruction harmless:
/// 1. Every entry the feed serves up to the stored cursor is in `entries.jsonl`, once, in order. Entries are appended
///    and fsync'ed *before* the cursor that covers them is written, and the cursor is replaced atomically (temporary
///    file, fsync, rename, fsync of the folder), so a kill leaves either the old cursor or the new one, never a torn
///    one, and never a cursor ahead of the entries.
/// 2. `entries.jsonl` may hold more than the cursor covers: the entries of a page appended before the kill came
///    between the two writes. They are kept (they were verified) and the next run re-reads the page from the stored
///    cursor and skips every sequence up to the file's last one, after checking the re-served JWS is byte-equal to
///    the stored one. Sequences are strictly increasing, so "skip up to the last stored sequence" loses nothing.
/// 3. A kill in the middle of an append leaves at most one torn line, always the last (lines are only appended, and
///    a line is written before the next): opening the store cuts the file back to its last newline. That entry was
///    not covered by a cursor (rule 1), so the re-read brings it again.
/// Losing an entry would need a cursor ahead of the file (impossible by 1); repeating one would need a skipped
/// sequence to be appended again (impossible by 2). Opening checks both and refuses a folder where they do not hold.
public final class FeedStateStore {
    public struct StoredCursor: Codable, Sendable, Equatable {
        /// What the feed answered as `nextCursor`; "" reads from the beginning.
        public var cursor: String
        /// The sequence of the last entry of the page that answered `cursor` (0: none yet).
        public var sequence: Int64

        public init(cursor: String, sequence: Int64) {
            self.cursor = cursor
            self.sequence = sequence
        }
    }

    public let directory: URL
    public private(set) var cursor: StoredCursor
    /// The sequence of the last line of `entries.jsonl` (0 when empty): at least `cursor.sequence`.
    public private(set) var lastStoredSequence: Int64
    /// The stored entries beyond the cursor (by sequence, their JWS): what a re-read must skip, byte-equal.
    public private(set) var storedBeyondCursor: [Int64: String]
    /// How many bytes of a torn last line opening cut off (0 if none): reported, and what the tests check.
    public let cutBytes: Int

    private let entries: POSIXFile
    private let lock: POSIXFile
    /// Crash tests only: where to kill the process (see `CrashPoint`), and how often each stage was reached.
    public var crashPoint: CrashPoint?
    private var reached: [CrashPoint.Stage: Int] = [:]

    static let entriesName = "entries.jsonl"
    static let cursorName = "cursor.json"

    var entriesPath: String { directory.appendingPathComponent(Self.entriesName).path }
    var cursorPath: String { directory.appendingPathComponent(Self.cursorName).path }

    /// Opens (creating if needed) and recovers the folder; refuses it when another consumer holds it.
    public init(directory: URL) throws(FeedConsumerError) {
        self.directory = directory
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch { throw .stateIO("无法创建目录 \(directory.path)") }
            // The new folder's own entry, so that after a power loss the files below are not in a folder that vanished.
            try POSIXFile.syncDirectory(directory.deletingLastPathComponent().path)
        }
        lock = try POSIXFile(path: directory.appendingPathComponent("lock").path, flags: O_RDWR | O_CREAT)
        guard lock.tryLock() else { throw .stateLocked(directory.path) }

        let cursorPath = directory.appendingPathComponent(Self.cursorName).path
        // A temporary cursor left by a kill before its rename was never the stored cursor.
        unlink(cursorPath + ".tmp")
        cursor = try Self.readCursor(cursorPath)

        entries = try POSIXFile(path: directory.appendingPathComponent(Self.entriesName).path, flags: O_RDWR | O_CREAT | O_APPEND)
        cutBytes = try Self.cutTornLine(entries)
        let tail = try Self.readTail(entries, beyond: cursor.sequence)
        lastStoredSequence = tail.last
        storedBeyondCursor = tail.beyond
        guard lastStoredSequence >= cursor.sequence else {
            throw .stateCorrupt("\(Self.entriesName) 的最后序号 \(lastStoredSequence) 小于游标所覆盖的序号 \(cursor.sequence)")
        }
        if cutBytes > 0 || !FileManager.default.fileExists(atPath: cursorPath) { try POSIXFile.syncDirectory(directory.path) }
    }

    /// Appends verified entries (strictly increasing, after the last stored one) and fsyncs them. The cursor is not
    /// touched: call `commit` once the whole page is stored.
    public func append(_ verified: [VerifiedEntry]) throws(FeedConsumerError) {
        guard !verified.isEmpty else { return }
        var previous = lastStoredSequence
        var text = Data()
        for entry in verified {
            guard entry.sequence > previous else { throw .orderBroken(entry.sequence, after: previous) }
            previous = entry.sequence
            text.append(Self.line(entry))
        }
        // One write for the page: a kill tears at most its tail, which opening cuts (rule 3).
        if crashPoint?.stage == .tornAppend {
            try entries.writeAll(text.prefix(text.count / 2))
            reach(.tornAppend)
            try entries.writeAll(text.dropFirst(text.count / 2))
        } else {
            try entries.writeAll(text)
        }
        try entries.sync()
        reach(.afterAppend)
        for entry in verified { storedBeyondCursor[entry.sequence] = entry.jws }
        lastStoredSequence = previous
    }

    /// Stores `next` as the cursor, atomically and durably. `next.sequence` must already be stored (rule 1).
    public func commit(_ next: StoredCursor) throws(FeedConsumerError) {
        guard next.sequence <= lastStoredSequence else {
            throw .stateCorrupt("游标序号 \(next.sequence) 超过已保存的最后序号 \(lastStoredSequence)")
        }
        guard next != cursor else { return }
        let temporary = cursorPath + ".tmp"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var data = try? encoder.encode(next) else { throw .stateIO("无法编码游标") }
        data.append(0x0A)
        let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try file.writeAll(data)
        try file.sync()
        reach(.beforeRename)
        try POSIXFile.move(temporary, to: cursorPath)
        try POSIXFile.syncDirectory(directory.path)
        cursor = next
        storedBeyondCursor = storedBeyondCursor.filter { $0.key > next.sequence }
    }

    private func reach(_ stage: CrashPoint.Stage) {
        guard let crashPoint, crashPoint.stage == stage else { return }
        reached[stage, default: 0] += 1
        if reached[stage] == crashPoint.occurrence { crashPoint.die() }
    }

    /// `{"sequence":…,"type":…,"jws":…,"entry":<the signed payload>}` and a newline. The payload is embedded as the
    /// signed bytes, not re-encoded; a raw line break can only be whitespace in valid JSON (inside strings it is
    /// escaped), so dropping it keeps the value and the one-line-per-entry framing.
    static func line(_ entry: VerifiedEntry) -> Data {
        var line = Data(#"{"sequence":\#(entry.sequence),"type":"#.utf8)
        line.append((try? JSONEncoder().encode(entry.type)) ?? Data(#""""#.utf8))
        line.append(Data(#","jws":"#.utf8))
        line.append((try? JSONEncoder().encode(entry.jws)) ?? Data(#""""#.utf8))
        line.append(Data(#","entry":"#.utf8))
        line.append(contentsOf: entry.payload.filter { $0 != 0x0A && $0 != 0x0D })
        line.append(Data("}\n".utf8))
        return line
    }

    /// One line of `entries.jsonl`, as read back.
    public struct StoredLine: Decodable, Sendable, Equatable {
        public var sequence: Int64
        public var type: String
        public var jws: String
        public var entry: JSONValue
    }

    /// Every stored line, in order (for tests and tools; reads the whole file).
    public static func readAll(_ directory: URL) throws -> [StoredLine] {
        let data = try Data(contentsOf: directory.appendingPathComponent(entriesName))
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(StoredLine.self, from: Data($0)) }
    }

    private static func readCursor(_ path: String) throws(FeedConsumerError) -> StoredCursor {
        guard FileManager.default.fileExists(atPath: path) else { return StoredCursor(cursor: "", sequence: 0) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .stateIO("无法读取 \(path)") }
        guard let stored = try? JSONDecoder().decode(StoredCursor.self, from: data), stored.sequence >= 0 else {
            throw .stateCorrupt("\(cursorName) 无法解析")
        }
        return stored
    }

    /// Cuts everything after the last newline: the torn tail of an append that a kill interrupted (rule 3).
    private static func cutTornLine(_ file: POSIXFile) throws(FeedConsumerError) -> Int {
        let size = try file.size()
        var end = size
        while end > 0 {
            let start = max(0, end - 65536)
            let chunk = try file.read(at: start, count: end - start)
            if let newline = chunk.lastIndex(of: 0x0A) {
                end = start + newline + 1
                break
            }
            end = start
        }
        guard end < size else { return 0 }
        try file.truncate(to: end)
        try file.sync()
        return size - end
    }

    /// Reads lines from the end of the (newline-terminated) file back to the first one at or before `sequence`:
    /// the last stored sequence and the stored entries beyond `sequence`. Normally that is one line.
    private static func readTail(_ file: POSIXFile, beyond sequence: Int64) throws(FeedConsumerError) -> (last: Int64, beyond: [Int64: String]) {
        var position = try file.size()
        guard position > 0 else { return (0, [:]) }
        position -= 1  // the final newline
        var carry: [UInt8] = []
        var last: Int64?
        var following = Int64.max
        var beyond: [Int64: String] = [:]
        repeat {
            let start = max(0, position - 65536)
            let region = try file.read(at: start, count: position - start) + carry
            position = start
            var lines = region.split(separator: 0x0A, omittingEmptySubsequences: false)
            // The first segment may be the end of a line that starts before `start`: keep it for the next round.
            carry = position > 0 ? Array(lines.removeFirst()) : []
            for bytes in lines.reversed() {
                guard let line = try? JSONDecoder().decode(StoredLine.self, from: Data(bytes)) else {
                    throw .stateCorrupt("\(entriesName) 中有无法解析的行（在序号 \(following) 之前）")
                }
                guard line.sequence < following else { throw .stateCorrupt("\(entriesName) 中序号 \(line.sequence) 未严格递增") }
                following = line.sequence
                if last == nil { last = line.sequence }
                if line.sequence <= sequence {
                    // The cursor covers the last entry of a page, which was stored before it: that very line.
                    guard line.sequence == sequence else { throw .stateCorrupt("\(entriesName) 中没有游标所覆盖的序号 \(sequence)") }
                    return (last ?? 0, beyond)
                }
                beyond[line.sequence] = line.jws
            }
        } while position > 0
        guard sequence == 0 else { throw .stateCorrupt("\(entriesName) 中没有游标所覆盖的序号 \(sequence)") }
        return (last ?? 0, beyond)
    }
}
