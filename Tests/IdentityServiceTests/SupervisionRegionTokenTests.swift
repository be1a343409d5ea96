import Auth
import Crypto
import Foundation
import Testing

@testable import IdentityService

/// The access token's `rgn` claim (issue 19): present for a supervisor, absent for everyone else, and tokens issued
/// before the claim existed still decode.
@Suite struct SupervisionRegionTokenTests {
    static func user(roles: [String], region: String) -> UserRecord {
        UserRecord(
            id: UUID(), username: "jiandu", displayName: "监督员", passwordHash: "", status: "active", createdAt: Date(), updatedAt: Date(), gender: "",
            birthMonth: "", idNumberMasked: "", education: "", professionalTitle: "", position: "", failedLogins: 0, lockedAt: nil,
            tokensRevokedAt: nil, mustChangePassword: false, supervisionRegion: region, roles: roles, permissions: ["reports.query"],
            approvedItems: [])
    }

    static func claims(_ user: UserRecord) -> AccessTokenClaims {
        let now = Date()
        return SessionHandlers.claims(for: user, session: UUID(), device: nil, issued: now, expires: now.addingTimeInterval(600))
    }

    /// Signs and verifies, as a service receiving the token does.
    static func principal(_ claims: AccessTokenClaims) async throws -> Principal {
        let key = Curve25519.Signing.PrivateKey()
        let token = try TokenSigner(keyID: "k1", privateKey: key).sign(claims)
        return Principal(claims: try await TokenVerifier { ["k1": key.publicKey] }.verify(token), token: token)
    }

    @Test("a supervisor's token carries the region, and the principal reads it")
    func supervisor() async throws {
        let claims = Self.claims(Self.user(roles: ["supervisor"], region: "4201"))
        #expect(claims.rgn == "4201")
        let principal = try await Self.principal(claims)
        #expect(principal.isSupervisor)
        #expect(principal.supervisionRegion == "4201")
    }

    @Test("nobody else's token has the claim, even with a region stored")
    func others() async throws {
        let claims = Self.claims(Self.user(roles: ["metrologist"], region: "42"))
        #expect(claims.rgn == nil)
        let json = String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
        #expect(!json.contains("rgn"))
        let principal = try await Self.principal(claims)
        #expect(!principal.isSupervisor)
        #expect(principal.supervisionRegion == nil)
    }

    @Test("a token issued before the claim existed decodes without it")
    func oldToken() throws {
        let json =
            #"{"iss":"metrology-identity","sub":"u","usr":"a","name":"A","roles":["supervisor"],"perms":[],"sid":"s","iat":0,"exp":1,"jti":"j"}"#
        let claims = try JSONDecoder().decode(AccessTokenClaims.self, from: Data(json.utf8))
        #expect(claims.rgn == nil)
        #expect(Principal(claims: claims, token: "t").isSupervisor)
    }
}
