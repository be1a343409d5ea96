public import Auth
import Contracts
import Messaging
import RPCCore

/// "User must change password at next logon" (issue 14 §10): a token issued while the user still holds a password an
/// administrator set carries the `pwc` claim, and every service answers such a token only for the change itself,
/// logging out and reading oneself. The list lives here, in one place, so no service can forget a route; the client
/// changes the password, refreshes (identity re-reads the flag) and carries on with a token without the claim.
public enum PendingPasswordChange {
    /// The methods a token with the claim may call. Signing keys and revocations are anonymous and never reach the
    /// check, but are listed so the plumbing every verifier needs is visibly part of the rule.
    public static let allowedMethods: Set<String> = [
        IdentityMethods.changePassword.fullName,
        IdentityMethods.logout.fullName,
        IdentityMethods.getMe.fullName,
        IdentityMethods.getSigningKeys.fullName,
        IdentityMethods.listRevocations.fullName,
        WhoAmIMethods.devices.fullName,
        WhoAmIMethods.flows.fullName,
        WhoAmIMethods.records.fullName,
        WhoAmIMethods.certificates.fullName,
        WhoAmIMethods.reports.fullName,
    ]

    public static let reason = "IDENTITY_PASSWORD_CHANGE_REQUIRED"

    /// Throws FAILED_PRECONDITION IDENTITY_PASSWORD_CHANGE_REQUIRED unless the bearer may call `method`.
    public static func check(_ principal: Principal, method: String) throws {
        guard principal.mustChangePassword, !allowedMethods.contains(method) else { return }
        throw RPCError(
            code: .failedPrecondition, message: "请先修改初始密码：管理员设置的密码须由本人修改后才能继续使用系统", reason: reason,
            details: ["method": method])
    }
}
