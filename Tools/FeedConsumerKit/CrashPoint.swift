#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// For crash tests only (`METROLOGY_FEED_CONSUMER_CRASH_AT=<stage>:<n>`): the process kills itself with SIGKILL the
/// n-th time it reaches `stage` of the write path. Random kills rarely land in the few microseconds between two
/// writes; this puts a kill exactly there, against the real feed, so the recovery of each case is tested, not hoped for.
public struct CrashPoint: Sendable, Equatable {
    public enum Stage: String, Sendable, CaseIterable {
        /// Half of a page's lines written, not yet fsync'ed: a torn last line.
        case tornAppend = "torn-append"
        /// The page's entries appended and fsync'ed, the cursor not yet written.
        case afterAppend = "after-append"
        /// The new cursor written to its temporary file and fsync'ed, not yet renamed.
        case beforeRename = "before-rename"
    }

    public let stage: Stage
    public let occurrence: Int

    public init(stage: Stage, occurrence: Int) {
        self.stage = stage
        self.occurrence = occurrence
    }

    /// "after-append:2"; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let stage = Stage(rawValue: String(parts[0])), let occurrence = Int(parts[1]), occurrence >= 1 else { return nil }
        self.init(stage: stage, occurrence: occurrence)
    }

    func die() -> Never {
        raise(SIGKILL)
        // SIGKILL cannot be caught or ignored; abort in the impossible case that raise returned.
        abort()
    }
}
