import Foundation

/// The outcome of recomputing a trail.
public struct AuditVerification: Sendable, Equatable {
    public enum Problem: String, Sendable {
        /// An entry's content no longer matches its hash: it was edited.
        case hashMismatch = "AUDIT_HASH_MISMATCH"
        /// An entry does not point at the one before it: one was replaced or reordered.
        case linkMismatch = "AUDIT_LINK_MISMATCH"
        /// A position is missing: an entry was removed.
        case sequenceGap = "AUDIT_SEQUENCE_GAP"

        public var message: String {
            switch self {
            case .hashMismatch: "该条审计记录的内容与其哈希不符，记录已被篡改"
            case .linkMismatch: "该条审计记录与上一条的哈希链接断开，记录已被替换或重排"
            case .sequenceGap: "审计记录序号不连续，有记录被删除"
            }
        }
    }

    public var checked: Int64
    /// The first broken entry (for a gap: the first missing position), nil when intact.
    public var firstBrokenSeq: Int64?
    public var problem: Problem?

    public var intact: Bool { problem == nil }

    /// Walks entries in order; stops at the first break.
    public static func check(_ records: some Sequence<AuditRecord>, after previous: (seq: Int64, hash: AuditHashValue)?) -> AuditVerification {
        var result = AuditVerification(checked: 0)
        var expectedSeq = (previous?.seq ?? 0) + 1
        var previousHash = previous?.hash.bytes ?? AuditHash.genesis
        for record in records {
            if record.seq != expectedSeq { return .init(checked: result.checked, firstBrokenSeq: expectedSeq, problem: .sequenceGap) }
            if record.previousHash != previousHash { return .init(checked: result.checked, firstBrokenSeq: record.seq, problem: .linkMismatch) }
            if record.expectedHash != record.hash { return .init(checked: result.checked, firstBrokenSeq: record.seq, problem: .hashMismatch) }
            result.checked += 1
            expectedSeq += 1
            previousHash = record.hash
        }
        return result
    }
}

/// A hash carried between verification batches.
public struct AuditHashValue: Sendable, Equatable {
    public var bytes: Foundation.Data
    public init(_ bytes: Foundation.Data) { self.bytes = bytes }
}
