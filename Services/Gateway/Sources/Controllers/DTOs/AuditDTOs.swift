import Contracts
import Foundation

// Audit trails (审计追踪): every service keeps its own hash chain; these are the same for all of them.

struct AuditEntryDTO: Codable, Sendable {
    var seq: Int64
    var occurredAt: String
    var actorId: String
    var actorName: String
    var action: String
    var entityType: String
    var entityId: String
    var summary: String
    /// The changed fields as a JSON object in a string, exactly as hashed into the chain, so a client can re-check it.
    var detailsJson: String
    var traceId: String
    var prevHash: String
    var hash: String

    init(_ entry: Metrology_Common_V1_AuditEntry) {
        seq = entry.seq
        occurredAt = RFC3339.string(entry.occurredAt)
        actorId = entry.actorID
        actorName = entry.actorName
        action = entry.action
        entityType = entry.entityType
        entityId = entry.entityID
        summary = entry.summary
        detailsJson = entry.detailsJson
        traceId = entry.traceID
        prevHash = entry.prevHash
        hash = entry.hash
    }
}

struct AuditPageDTO: Codable, Sendable {
    var entries: [AuditEntryDTO]
    /// Pass as `beforeSeq` for the next (older) page; 0 when there is none.
    var nextBeforeSeq: Int64
}

struct AuditVerificationDTO: Codable, Sendable {
    var intact: Bool
    var checked: Int64
    var firstBrokenSeq: Int64
    var problem: String
    var problemCode: String

    init(_ response: Metrology_Common_V1_VerifyAuditResponse) {
        intact = response.intact
        checked = response.checked
        firstBrokenSeq = response.firstBrokenSeq
        problem = response.problem
        problemCode = response.problemCode
    }
}
