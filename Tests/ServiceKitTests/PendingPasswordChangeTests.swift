import Auth
import Contracts
import Foundation
import Messaging
import RPCCore
import ServiceKit
import Testing

/// The "must change password" claim (issue 14 §10): what a token with it may still call, and that older tokens
/// without it read as "no change required".
@Suite("PendingPasswordChange: a token with the claim reaches only the change itself and self reads")
struct PendingPasswordChangeTests {
    static func principal(mustChange: Bool) -> Principal {
        Principal(
            claims: AccessTokenClaims(
                sub: "u", usr: "u", name: "U", roles: [], perms: ["users.manage"], sid: "s", iat: 0, exp: 1, mustChangePassword: mustChange),
            token: "t")
    }

    @Test("everything but the allowed methods is refused with IDENTITY_PASSWORD_CHANGE_REQUIRED")
    func refused() throws {
        let pending = Self.principal(mustChange: true)
        for method in [IdentityMethods.listUsers.fullName, FlowsMethods.listItems.fullName, IdentityMethods.createUser.fullName] {
            let error = #expect(throws: RPCError.self) { try PendingPasswordChange.check(pending, method: method) }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.reason == "IDENTITY_PASSWORD_CHANGE_REQUIRED")
        }
        let allowed = [
            IdentityMethods.changePassword.fullName, IdentityMethods.logout.fullName, IdentityMethods.getMe.fullName, WhoAmIMethods.flows.fullName,
        ]
        for method in allowed {
            try PendingPasswordChange.check(pending, method: method)
        }
        try PendingPasswordChange.check(Self.principal(mustChange: false), method: IdentityMethods.listUsers.fullName)
    }

    @Test("the claim is left out of tokens that do not need it, and a token without it decodes as not pending")
    func claimEncoding() throws {
        let plain = AccessTokenClaims(sub: "u", usr: "u", name: "U", roles: [], perms: [], sid: "s", iat: 0, exp: 1)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("pwc"))
        #expect(try JSONDecoder().decode(AccessTokenClaims.self, from: Data(json.utf8)).mustChangePassword == false)
        let pending = AccessTokenClaims(sub: "u", usr: "u", name: "U", roles: [], perms: [], sid: "s", iat: 0, exp: 1, mustChangePassword: true)
        let decoded = try JSONDecoder().decode(AccessTokenClaims.self, from: try JSONEncoder().encode(pending))
        #expect(decoded.mustChangePassword)
    }
}
