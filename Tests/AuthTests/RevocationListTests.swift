import Foundation
import Testing

@testable import Auth

@Suite struct RevocationListTests {
    func claims(sub: String = "u1", sid: String = "s1", iat: Int64) -> AccessTokenClaims {
        AccessTokenClaims(sub: sub, usr: "u", name: "u", roles: [], perms: [], sid: sid, iat: iat, exp: iat + 900)
    }

    @Test func aRevokedSessionIsRefused() {
        let list = RevocationList()
        list.revokeSession("s1")
        #expect(list.isRevoked(claims(iat: 100)))
        #expect(!list.isRevoked(claims(sid: "s2", iat: 100)))
    }

    @Test func aUserRevocationRefusesTokensIssuedUpToThatSecondOnly() {
        let list = RevocationList()
        list.revokeUser("u1", since: Date(timeIntervalSince1970: 1_000.7))
        #expect(list.isRevoked(claims(iat: 999)))
        #expect(list.isRevoked(claims(iat: 1_000)))
        #expect(!list.isRevoked(claims(iat: 1_001)))
        #expect(!list.isRevoked(claims(sub: "u2", iat: 999)))
    }

    @Test func entriesAreForgottenAfterTheRetention() {
        let list = RevocationList(retention: 60)
        let now = Date()
        list.revokeSession("s1", now: now)
        list.revokeUser("u1", since: now, now: now)
        list.prune(now: now.addingTimeInterval(30))
        #expect(list.count == 2)
        list.prune(now: now.addingTimeInterval(61))
        #expect(list.count == 0)
    }
}
