import Auth
import Crypto
import Foundation
import RPCCore
import Testing

/// A receipt's refusal is stored as the outcome of the write that carries it, so a key identity added after a
/// service last fetched its keys must be looked up at once, not after the tokens' refetch interval.
@Suite struct ReceiptKeyRefetchTests {
    let oldKey = Curve25519.Signing.PrivateKey()
    let newKey = Curve25519.Signing.PrivateKey()

    func receipt(signedBy key: Curve25519.Signing.PrivateKey, keyID: String) throws -> String {
        try TokenSigner(keyID: keyID, privateKey: key).sign(
            SignatureReceiptClaims(
                rid: "r1", sub: "u1", name: "张三", meaning: "approval", resource: "certificates/t1", digest: String(repeating: "a", count: 64),
                iat: Int64(Date().timeIntervalSince1970), device: "d1", key: "dk1", method: "fingerprint", hw: ""))
    }

    @Test("a receipt signed with a key identity added within the refetch interval is verified, with one more fetch")
    func newKeyWithinInterval() async throws {
        let published = KeySet(["k1": oldKey.publicKey])
        let fetches = Counter()
        let verifier = TokenVerifier(refetchInterval: .seconds(60)) {
            await fetches.increment()
            return await published.keys
        }
        // A token under an unknown key id makes the verifier fetch now; the interval then starts.
        let stray = try TokenSigner(keyID: "k0", privateKey: Curve25519.Signing.PrivateKey()).sign(
            AccessTokenClaims(
                sub: "u1", usr: "zhang", name: "张三", roles: [], perms: [], sid: "s1", iat: Int64(Date().timeIntervalSince1970),
                exp: Int64(Date().timeIntervalSince1970) + 600))
        verifier.revocations.markLoaded()
        let unknown = await #expect(throws: RPCError.self) { try await verifier.verify(stray) }
        #expect(unknown?.reason == "TOKEN_UNKNOWN_KEY")
        #expect(await fetches.value == 1)

        await published.add("k2", newKey.publicKey)
        let claims = try await verifier.verifyReceipt(try receipt(signedBy: newKey, keyID: "k2"))
        #expect(claims.rid == "r1" && claims.meaning == "approval")
        #expect(await fetches.value == 2)
        // Known now: no further fetch.
        _ = try await verifier.verifyReceipt(try receipt(signedBy: newKey, keyID: "k2"))
        #expect(await fetches.value == 2)
    }

    @Test("a receipt under a key id identity does not publish is refused as RECEIPT_UNKNOWN_KEY after a fresh fetch")
    func unknownKeyAfterFreshFetch() async throws {
        let fetches = Counter()
        let verifier = TokenVerifier(refetchInterval: .seconds(60)) {
            await fetches.increment()
            return ["k1": oldKey.publicKey]
        }
        for expected in 1...2 {
            let error = await #expect(throws: RPCError.self) { try await verifier.verifyReceipt(try receipt(signedBy: newKey, keyID: "k9")) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.reason == "RECEIPT_UNKNOWN_KEY")
            #expect(await fetches.value == expected)
        }
    }
}

actor KeySet {
    var keys: [String: Curve25519.Signing.PublicKey]
    init(_ keys: [String: Curve25519.Signing.PublicKey]) { self.keys = keys }
    func add(_ id: String, _ key: Curve25519.Signing.PublicKey) { keys[id] = key }
}
