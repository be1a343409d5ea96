import Auth
import Crypto
import Foundation
import RPCCore
import Testing

@Suite struct TokenTests {
    let key = Curve25519.Signing.PrivateKey()
    var signer: TokenSigner { TokenSigner(keyID: "k1", privateKey: key) }

    func claims(exp: Int64 = Int64(Date().timeIntervalSince1970) + 600, iat: Int64 = Int64(Date().timeIntervalSince1970)) -> AccessTokenClaims {
        AccessTokenClaims(sub: "u1", usr: "zhang", name: "张三", roles: ["metrologist"], perms: ["records.enter"], sid: "s1", iat: iat, exp: exp)
    }

    func verifier(keys: [String: Curve25519.Signing.PublicKey]) -> TokenVerifier {
        TokenVerifier { keys }
    }

    @Test func validTokenVerifies() async throws {
        let token = try signer.sign(claims())
        let verified = try await verifier(keys: ["k1": key.publicKey]).verify(token)
        #expect(verified == claims(exp: verified.exp, iat: verified.iat).withJTI(verified.jti))
        #expect(Principal(claims: verified, token: token).has(.recordsEnter))
    }

    @Test func expiredTokenIsRefused() async throws {
        let token = try signer.sign(claims(exp: Int64(Date().timeIntervalSince1970) - 120, iat: Int64(Date().timeIntervalSince1970) - 1000))
        let error = await #expect(throws: RPCError.self) { try await verifier(keys: ["k1": key.publicKey]).verify(token) }
        #expect(error?.reason == "TOKEN_EXPIRED")
    }

    @Test("a token verified once is still refused when it has expired or its session is revoked")
    func verifiedTokenKeepsLifetimeAndRevocation() async throws {
        let revocations = RevocationList()
        let verifier = TokenVerifier(revocations: revocations) { ["k1": key.publicKey] }
        let now = Date()
        let token = try signer.sign(claims(exp: Int64(now.timeIntervalSince1970) + 60, iat: Int64(now.timeIntervalSince1970)))
        _ = try await verifier.verify(token, now: now)
        let expired = await #expect(throws: RPCError.self) { try await verifier.verify(token, now: now.addingTimeInterval(600)) }
        #expect(expired?.reason == "TOKEN_EXPIRED")
        revocations.revokeSession("s1")
        let revoked = await #expect(throws: RPCError.self) { try await verifier.verify(token, now: now) }
        #expect(revoked?.reason == "TOKEN_REVOKED")
    }

    @Test("a key id installed anew refuses tokens its old key signed, though they were verified before")
    func reboundKeyForgetsVerifiedTokens() async throws {
        let verifier = TokenVerifier { ["k1": key.publicKey] }
        let token = try signer.sign(claims())
        _ = try await verifier.verify(token)
        await verifier.install(["k1": Curve25519.Signing.PrivateKey().publicKey])
        let error = await #expect(throws: RPCError.self) { try await verifier.verify(token) }
        #expect(error?.reason == "TOKEN_BAD_SIGNATURE")
    }

    @Test func tamperedPayloadIsRefused() async throws {
        let token = try signer.sign(claims())
        var parts = token.split(separator: ".").map(String.init)
        let other = try TokenSigner(keyID: "k1", privateKey: key).sign(
            AccessTokenClaims(sub: "admin", usr: "admin", name: "x", roles: [], perms: ["users.manage"], sid: "s", iat: 0, exp: 9_999_999_999))
        parts[1] = String(other.split(separator: ".")[1])
        let error = await #expect(throws: RPCError.self) { try await verifier(keys: ["k1": key.publicKey]).verify(parts.joined(separator: ".")) }
        #expect(error?.reason == "TOKEN_BAD_SIGNATURE")
    }

    @Test func signatureFromAnotherKeyIsRefused() async throws {
        let token = try TokenSigner(keyID: "k1", privateKey: Curve25519.Signing.PrivateKey()).sign(claims())
        let error = await #expect(throws: RPCError.self) { try await verifier(keys: ["k1": key.publicKey]).verify(token) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func unknownKeyIsFetchedOnceThenRefused() async throws {
        let fetches = Counter()
        let verifier = TokenVerifier(refetchInterval: .seconds(60)) {
            await fetches.increment()
            return [:]
        }
        let token = try signer.sign(claims())
        for _ in 0..<3 {
            let error = await #expect(throws: RPCError.self) { try await verifier.verify(token) }
            #expect(error?.reason == "TOKEN_UNKNOWN_KEY")
        }
        #expect(await fetches.value == 1)
    }

    @Test("garbage is refused as malformed", arguments: ["", "a.b", "a.b.c", "x.y.z.w"])
    func garbage(_ token: String) async {
        let error = await #expect(throws: RPCError.self) { try await verifier(keys: [:]).verify(token) }
        #expect(error?.reason == "TOKEN_MALFORMED")
    }

    @Test func missingPermissionNamesIt() throws {
        let principal = Principal(claims: claims(), token: "t")
        let error = #expect(throws: RPCError.self) { try principal.require(.usersManage) }
        #expect(error?.code == .permissionDenied)
        #expect(error?.details["permission"] == "users.manage")
        #expect(error?.message.contains("人员管理") == true)
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}

extension AccessTokenClaims {
    func withJTI(_ jti: String) -> AccessTokenClaims {
        var copy = self
        copy.jti = jti
        return copy
    }
}
