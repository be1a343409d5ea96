import Auth
import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// 监管区域 of a government supervisor (issue 19) through identity's RPCs: validated, required of anyone holding the
/// supervisor role (on creation, on granting the role, on clearing it), and carried in a supervisor's access token only.
@Suite("Identity: a supervisor's region", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentitySupervisionRegionTests {
    /// The claims of an access token, read as a service reads them after the signature check.
    static func claims(_ token: String) throws -> AccessTokenClaims {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { throw TestFailure("not a JWS") }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let payload = Data(base64Encoded: base64) else { throw TestFailure("payload not base64url") }
        return try JSONDecoder().decode(AccessTokenClaims.self, from: payload)
    }

    static func update(_ user: String, roles: [String]? = nil, region: String? = nil) -> Metrology_Identity_V1_UpdateUserRequest {
        var request = Metrology_Identity_V1_UpdateUserRequest()
        request.userID = user
        if let roles {
            request.replaceRoles = true
            request.roles = roles
        }
        if let region { request.supervisionRegion = region }
        return request
    }

    static func read(_ fx: IdentityFixtures, _ id: String) async throws -> Metrology_Identity_V1_User {
        var request = Metrology_Identity_V1_GetUserRequest()
        request.userID = id
        return try await fx.client.call(IdentityMethods.getUser, request, options: .init(accessToken: fx.adminToken)).user
    }

    @Test("creating: a malformed region is IDENTITY_SUPERVISION_REGION_INVALID, a supervisor without one IDENTITY_SUPERVISION_REGION_REQUIRED")
    func create() async throws {
        let fx = try await IdentityFixtures.make("sv-create")
        defer { Task { await fx.close() } }
        for bad in ["4", "420", "42010a", "4201020"] {
            let invalid = try await expectRPCError(.invalidArgument) {
                _ = try await fx.createUser("sv-bad", roles: ["supervisor"], supervisionRegion: bad)
            }
            #expect(invalid.reason == "IDENTITY_SUPERVISION_REGION_INVALID")
            #expect(invalid.details["field"] == "supervisionRegion")
        }
        let missing = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.createUser("sv-none", roles: ["supervisor"], supervisionRegion: "")
        }
        #expect(missing.reason == "IDENTITY_SUPERVISION_REGION_REQUIRED")
        #expect(missing.message.contains("监管区域"))

        let supervisor = try await fx.createUser("sv-ok", roles: ["supervisor"], supervisionRegion: "4201")
        #expect(supervisor.supervisionRegion == "4201")
        let token = try await fx.login(supervisor.username).accessToken
        #expect(try Self.claims(token).rgn == "4201")
        #expect(try await Self.read(fx, supervisor.id).supervisionRegion == "4201")

        // Everyone else: no claim, whatever is stored.
        let metrologist = try await fx.createUser("sv-metro", roles: ["metrologist"], supervisionRegion: "42")
        #expect(try Self.claims(try await fx.login(metrologist.username).accessToken).rgn == nil)
    }

    @Test("granting the role without a region, or clearing a supervisor's, is IDENTITY_SUPERVISION_REGION_REQUIRED; a new region reaches the token")
    func update() async throws {
        let fx = try await IdentityFixtures.make("sv-update")
        defer { Task { await fx.close() } }
        let admin = CallOptions(accessToken: fx.adminToken)
        let person = try await fx.createUser("sv-grant", roles: [])

        let grant = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.updateUser, Self.update(person.id, roles: ["supervisor"]), options: admin)
        }
        #expect(grant.reason == "IDENTITY_SUPERVISION_REGION_REQUIRED")
        #expect(try await Self.read(fx, person.id).roles.isEmpty, "the refused grant changed nothing")

        let granted = try await fx.client.call(
            IdentityMethods.updateUser, Self.update(person.id, roles: ["supervisor"], region: "42"), options: admin)
        #expect(granted.user.roles == ["supervisor"] && granted.user.supervisionRegion == "42")
        let first = try await fx.login(person.username).accessToken
        #expect(try Self.claims(first).rgn == "42")

        let cleared = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(IdentityMethods.updateUser, Self.update(person.id, region: ""), options: admin)
        }
        #expect(cleared.reason == "IDENTITY_SUPERVISION_REGION_REQUIRED")
        let invalid = try await expectRPCError(.invalidArgument) {
            _ = try await fx.client.call(IdentityMethods.updateUser, Self.update(person.id, region: "4x"), options: admin)
        }
        #expect(invalid.reason == "IDENTITY_SUPERVISION_REGION_INVALID")

        // A new region: the old token stops working (it names the old region) and a new login carries the new one.
        let moved = try await fx.client.call(IdentityMethods.updateUser, Self.update(person.id, region: "420102"), options: admin)
        #expect(moved.user.supervisionRegion == "420102")
        let refused = try await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.reports, .init(), options: .init(accessToken: first))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(refused, "reports refuses the token naming the old region")
        #expect(try Self.claims(try await fx.login(person.username).accessToken).rgn == "420102")

        // Taking the role away and clearing the region together is allowed.
        let released = try await fx.client.call(IdentityMethods.updateUser, Self.update(person.id, roles: [], region: ""), options: admin)
        #expect(released.user.roles.isEmpty && released.user.supervisionRegion.isEmpty)
        #expect(try Self.claims(try await fx.login(person.username).accessToken).rgn == nil)
    }
}
