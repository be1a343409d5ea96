import Foundation
import Testing

@testable import Persistence

/// The chain compared with its anchored head (`audit.anchor`): what a valid-looking chain hides at its end.
@Suite struct AuditHeadTests {
    let intact = AuditVerification(checked: 5)
    let hash = AuditHashValue(Data(repeating: 7, count: 32))

    @Test func aChainEndingAtItsHeadIsIntact() {
        #expect(intact.comparing(end: (5, hash), with: .init(seq: 5, hash: hash)).intact)
        #expect(AuditVerification(checked: 0).comparing(end: nil, with: nil).intact)
    }

    @Test func aChainEndingBeforeItsHeadIsTruncatedAtTheFirstMissingPosition() {
        let result = intact.comparing(end: (5, hash), with: .init(seq: 7, hash: AuditHashValue(Data(repeating: 1, count: 32))))
        #expect(result.problem == .truncated)
        #expect(result.firstBrokenSeq == 6)
        #expect(AuditVerification(checked: 0).comparing(end: nil, with: .init(seq: 2, hash: hash)).problem == .truncated)
    }

    @Test func aRecomputedLastEntryIsAHeadMismatch() {
        let result = intact.comparing(end: (5, AuditHashValue(Data(repeating: 9, count: 32))), with: .init(seq: 5, hash: hash))
        #expect(result.problem == .headMismatch)
        #expect(result.firstBrokenSeq == 5)
    }

    @Test func entriesWithoutAHeadWereNotAppendedThroughTheDatabase() {
        #expect(intact.comparing(end: (5, hash), with: nil).problem == .headMismatch)
    }

    @Test func anEarlierBreakIsReportedFirst() {
        let broken = AuditVerification(checked: 2, firstBrokenSeq: 3, problem: .hashMismatch)
        #expect(broken.comparing(end: (5, hash), with: .init(seq: 9, hash: hash)).problem == .hashMismatch)
    }
}
