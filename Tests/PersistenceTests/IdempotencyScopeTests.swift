import Crypto
import Foundation
import RPCCore
import Testing

@testable import Persistence

/// Which stored outcome a retry may see: only its own caller's, for its own method, for its own request.
@Suite struct IdempotencyScopeTests {
    let key = IdempotencyKey(messageID: "m-1", method: "/x.v1.S/Disable", caller: "user-a")
    let request: [UInt8] = [1, 2, 3]

    func stored(_ payload: [UInt8], for key: IdempotencyKey, seal: OutcomeSeal? = nil) throws -> IdempotentWriter.StoredOutcome {
        IdempotentWriter.StoredOutcome(
            method: key.method, caller: key.storedCaller, requestHash: seal?.digest(request) ?? Data(SHA256.hash(data: request)), sealed: seal != nil,
            statusCode: 0, status: nil, payload: try seal?.seal(payload, context: key.sealContext) ?? Data(payload))
    }

    @Test func theSameCallerAndMethodGetTheStoredReply() throws {
        #expect(try stored([9], for: key).replay(for: key, expecting: Data(SHA256.hash(data: request)), seal: nil) == [9])
    }

    @Test func anotherCallerReusingTheKeyIsAConflictNotTheReply() throws {
        var other = key
        other.caller = "user-b"
        let outcome = try stored([9], for: key)
        #expect(throws: IdempotencyError.conflict) { try outcome.replay(for: other, expecting: Data(SHA256.hash(data: request)), seal: nil) }
        other.caller = nil
        #expect(throws: IdempotencyError.conflict) { try outcome.replay(for: other, expecting: Data(SHA256.hash(data: request)), seal: nil) }
        #expect(IdempotencyError.conflict.code == .alreadyExists && IdempotencyError.conflict.reason == "IDEMPOTENCY_KEY_CONFLICT")
    }

    @Test func anotherMethodReusingTheKeyIsAConflict() throws {
        var enable = key
        enable.method = "/x.v1.S/Enable"
        #expect(throws: IdempotencyError.conflict) {
            try stored([9], for: key).replay(for: enable, expecting: Data(SHA256.hash(data: request)), seal: nil)
        }
    }

    @Test func anotherRequestUnderTheSameKeyIsRefused() throws {
        #expect(throws: IdempotencyError.reused) { try stored([9], for: key).replay(for: key, expecting: Data(SHA256.hash(data: [7])), seal: nil) }
    }

    @Test func aRowFromBeforeScopingIsExpiredNotReplayed() throws {
        var outcome = try stored([9], for: key)
        outcome.caller = nil
        #expect(throws: IdempotencyError.expired) { try outcome.replay(for: key, expecting: outcome.requestHash, seal: nil) }
    }

    @Test func aSealedReplyOpensOnlyForItsOwnRowAndHidesItsContent() throws {
        let seal = OutcomeSeal(deriving: SymmetricKey(size: .bits256))
        let secret = Array("refresh-token-0123456789".utf8)
        let outcome = try stored(secret, for: key, seal: seal)
        #expect(outcome.payload?.range(of: Data(secret)) == nil)
        #expect(outcome.requestHash != Data(SHA256.hash(data: request)))
        #expect(try outcome.replay(for: key, expecting: seal.digest(request), seal: seal) == secret)
        // Moved to another row, it does not open.
        #expect(throws: (any Error).self) {
            try seal.open(outcome.payload!, context: IdempotencyKey(messageID: "m-2", method: key.method, caller: key.caller).sealContext)
        }
        // Another service's (or a guessed) key does not open it either.
        let stranger = OutcomeSeal(deriving: SymmetricKey(size: .bits256))
        #expect(throws: (any Error).self) { try outcome.replay(for: key, expecting: outcome.requestHash, seal: stranger) }
    }
}
