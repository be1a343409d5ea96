import Foundation
import Testing

@testable import Persistence

/// The chain logic without a database: build a valid chain, then break it each way.
@Suite struct AuditVerificationTests {
    func chain(_ count: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        var previous = AuditHash.genesis
        for seq in 1...Int64(count) {
            var record = AuditRecord(
                seq: seq, occurredMicros: 1_700_000_000_000_000 + seq, actorID: "u1", actorName: "管理员", action: "user.updated", entityType: "user",
                entityID: "e\(seq)", summary: "修改 \(seq)", detailsJSON: #"{"a":"b"}"#, traceID: "t", previousHash: previous, hash: Data())
            record.hash = record.expectedHash
            previous = record.hash
            records.append(record)
        }
        return records
    }

    @Test func anIntactChainVerifies() {
        let result = AuditVerification.check(chain(5), after: nil)
        #expect(result.intact)
        #expect(result.checked == 5)
    }

    @Test func anEditedFieldIsAHashMismatchAtThatEntry() {
        var records = chain(5)
        records[2].summary = "改过"
        let result = AuditVerification.check(records, after: nil)
        #expect(result.problem == .hashMismatch)
        #expect(result.firstBrokenSeq == 3)
        #expect(result.checked == 2)
    }

    @Test func aRecomputedReplacementBreaksTheNextLink() {
        var records = chain(5)
        records[2].summary = "改过"
        records[2].hash = records[2].expectedHash
        let result = AuditVerification.check(records, after: nil)
        #expect(result.problem == .linkMismatch)
        #expect(result.firstBrokenSeq == 4)
    }

    @Test func aRemovedEntryIsAGapAtItsPosition() {
        var records = chain(5)
        records.remove(at: 1)
        let result = AuditVerification.check(records, after: nil)
        #expect(result.problem == .sequenceGap)
        #expect(result.firstBrokenSeq == 2)
    }

    @Test func movingCharactersBetweenFieldsChangesTheHash() {
        let a = AuditHash.compute(previous: AuditHash.genesis, seq: 1, occurredMicros: 0, fields: ["ab", "c"])
        let b = AuditHash.compute(previous: AuditHash.genesis, seq: 1, occurredMicros: 0, fields: ["a", "bc"])
        #expect(a != b)
    }

    @Test func detailsAreEncodedWithSortedKeys() {
        let event = AuditEvent(actorID: "", actorName: "", action: "", entityType: "", entityID: "", summary: "", details: ["b": "2", "a": "1"])
        #expect(event.detailsJSON == #"{"a":"1","b":"2"}"#)
    }
}
