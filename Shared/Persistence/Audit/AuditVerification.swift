public import Foundation

/// The outcome of recomputing a trail.
public struct AuditVerification: Sendable, Equatable {
    public enum Problem: String, Sendable {
        /// An entry's content no longer matches its hash: it was edited.
        case hashMismatch = "AUDIT_HASH_MISMATCH"
        /// An entry does not point at the one before it: one was replaced or reordered.
        case linkMismatch = "AUDIT_LINK_MISMATCH"
        /// A position is missing: an entry was removed.
        case sequenceGap = "AUDIT_SEQUENCE_GAP"
        /// The chain ends before its anchored head: its last entries were removed.
        case truncated = "AUDIT_TRUNCATED"
        /// The chain's last entry is not the one its head anchored: the chain was rewritten and its hashes
        /// recomputed, or entries were added around `audit.append`.
        case headMismatch = "AUDIT_HEAD_MISMATCH"

        public var message: String {
            switch self {
            case .hashMismatch: "该条审计记录的内容与其哈希不符，记录已被篡改"
            case .linkMismatch: "该条审计记录与上一条的哈希链接断开，记录已被替换或重排"
            case .sequenceGap: "审计记录序号不连续，有记录被删除"
            case .truncated: "审计记录比锚定的最新位置少，末尾的记录已被删除"
            case .headMismatch: "审计记录链的末尾与锚定的最新哈希不符，记录链已被改写"
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

extension AuditVerification {
    /// Where the chain ended when it was last appended to, kept apart from the entries (`audit.anchor`).
    public struct Head: Sendable, Equatable {
        public var seq: Int64
        public var hash: AuditHashValue
        public init(seq: Int64, hash: AuditHashValue) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// An intact walk that ended at `end` (nil: no entries), compared with the anchored head (nil: never appended).
    public func comparing(end: (seq: Int64, hash: AuditHashValue)?, with head: Head?) -> AuditVerification {
        guard intact else { return self }
        let endSeq = end?.seq ?? 0
        let headSeq = head?.seq ?? 0
        if endSeq < headSeq { return .init(checked: checked, firstBrokenSeq: endSeq + 1, problem: .truncated) }
        // Entries with no head at all were not appended through audit.append.
        if let end, end.hash != head?.hash { return .init(checked: checked, firstBrokenSeq: end.seq, problem: .headMismatch) }
        return self
    }
}

/// A hash carried between verification batches.
public struct AuditHashValue: Sendable, Equatable {
    public var bytes: Foundation.Data
    public init(_ bytes: Foundation.Data) { self.bytes = bytes }
}
