public import Foundation

/// One change to record in a service's audit trail: who did what to which entity, in words people read.
public struct AuditEvent: Sendable, Equatable {
    public var actorID: String
    public var actorName: String
    /// Stable code, `<entity>.<verb>` (e.g. `user.created`, `login.failed`).
    public var action: String
    public var entityType: String
    public var entityID: String
    /// Chinese, for people reading the trail.
    public var summary: String
    /// Changed fields; never secrets (no passwords, no full ID numbers).
    public var details: [String: String]
    public var traceID: String

    public init(
        actorID: String, actorName: String, action: String, entityType: String, entityID: String, summary: String,
        details: [String: String] = [:], traceID: String = ""
    ) {
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.summary = summary
        self.details = details
        self.traceID = traceID
    }

    /// Sorted keys, so the same details always hash the same.
    public var detailsJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(details), as: UTF8.self)) ?? "{}"
    }
}

/// An entry as stored: the event plus its place in the chain.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int64
    /// Microseconds since 1970; what the hash covers.
    public var occurredMicros: Int64
    public var actorID: String
    public var actorName: String
    public var action: String
    public var entityType: String
    public var entityID: String
    public var summary: String
    public var detailsJSON: String
    public var traceID: String
    public var previousHash: Data
    public var hash: Data

    public init(
        seq: Int64, occurredMicros: Int64, actorID: String, actorName: String, action: String, entityType: String, entityID: String, summary: String,
        detailsJSON: String, traceID: String, previousHash: Data, hash: Data
    ) {
        self.seq = seq
        self.occurredMicros = occurredMicros
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.summary = summary
        self.detailsJSON = detailsJSON
        self.traceID = traceID
        self.previousHash = previousHash
        self.hash = hash
    }

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredMicros) / 1_000_000) }

    /// The hash this entry should carry, computed from its content and the previous hash.
    public var expectedHash: Data {
        AuditHash.compute(
            previous: previousHash, seq: seq, occurredMicros: occurredMicros,
            fields: [actorID, actorName, action, entityType, entityID, summary, detailsJSON, traceID])
    }
}
