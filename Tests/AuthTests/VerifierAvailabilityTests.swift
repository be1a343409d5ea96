import Auth
import Crypto
import Foundation
import RPCCore
import Testing

/// A verifier that cannot check a token says UNAVAILABLE, never UNAUTHENTICATED: a client told 401 signs its user out.
@Suite struct VerifierAvailabilityTests {
    let key = Curve25519.Signing.PrivateKey()

    func token() throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        return try TokenSigner(keyID: "k1", privateKey: key).sign(
            AccessTokenClaims(sub: "u1", usr: "zhang", name: "张三", roles: [], perms: [], sid: "s1", iat: now, exp: now + 600))
    }

    /// Before: the first caller's fetch set `lastFetch`, and callers arriving while it was under way found the key
    /// missing and the fetch "recent": TOKEN_UNKNOWN_KEY (401) for valid tokens after every restart.
    @Test("callers arriving during the first key fetch wait for it instead of being refused TOKEN_UNKNOWN_KEY")
    func concurrentFirstFetch() async throws {
        let gate = Gate()
        let fetches = Counter()
        let publicKey = key.publicKey
        let verifier = TokenVerifier(refetchInterval: .seconds(60)) {
            await fetches.increment()
            await gate.wait()
            return ["k1": publicKey]
        }
        let token = try token()
        try await withThrowingTaskGroup(of: AccessTokenClaims.self) { group in
            for _ in 0..<8 { group.addTask { try await verifier.verify(token) } }
            // Every caller is inside verify (the first fetching, the rest waiting on it) before the keys arrive.
            while await fetches.value == 0 { await Task.yield() }
            for _ in 0..<100 { await Task.yield() }
            await gate.open()
            var verified = 0
            for try await claims in group {
                #expect(claims.sub == "u1")
                verified += 1
            }
            #expect(verified == 8)
        }
        #expect(await fetches.value == 1)
    }

    @Test("keys that cannot be fetched: UNAVAILABLE SIGNING_KEYS_UNAVAILABLE")
    func keysUnavailable() async throws {
        let verifier = TokenVerifier { throw CancellationError() }
        let error = await #expect(throws: RPCError.self) { try await verifier.verify(try token()) }
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "SIGNING_KEYS_UNAVAILABLE")
    }

    @Test("a revocation list not loaded yet refuses every token as UNAVAILABLE REVOCATIONS_NOT_LOADED, then verifies once loaded")
    func revocationsNotLoaded() async throws {
        let revocations = RevocationList(loaded: false)
        let publicKey = key.publicKey
        let verifier = TokenVerifier(revocations: revocations) { ["k1": publicKey] }
        let token = try token()
        let error = await #expect(throws: RPCError.self) { try await verifier.verify(token) }
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "REVOCATIONS_NOT_LOADED")
        revocations.markLoaded()
        #expect(try await verifier.verify(token).sub == "u1")
    }
}

/// Holds callers until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}
