/// The events identity publishes.
public enum IdentityEvents {
    static func event<Payload>(_ entity: String, _ event: String) -> EventType<Payload> {
        EventType(producer: "identity", entity: entity, event: event)
    }

    public static let userCreated: EventType<Metrology_Identity_V1_UserCreated> = event("user", "created")
    /// Carries the user as changed, in the same message as `userCreated`.
    public static let userUpdated: EventType<Metrology_Identity_V1_UserCreated> = event("user", "updated")
    /// The next three end the user's tokens issued before `at` (RevocationListener).
    public static let userDisabled: EventType<Metrology_Identity_V1_UserDisabled> = event("user", "disabled")
    public static let userDeleted: EventType<Metrology_Identity_V1_UserDisabled> = event("user", "deleted")
    /// A password reset or a role that grants less: the user's tokens end, the account stays.
    public static let userTokensRevoked: EventType<Metrology_Identity_V1_UserDisabled> = event("user", "tokens_revoked")
    public static let sessionStarted: EventType<Metrology_Identity_V1_SessionStarted> = event("session", "started")
    /// Logout, a refresh token reused or a password change: that one session's tokens end.
    public static let sessionRevoked: EventType<Metrology_Identity_V1_SessionRevoked> = event("session", "revoked")

    public static let all: [any EventDeclaration] = [
        userCreated, userUpdated, userDisabled, userDeleted, userTokensRevoked, sessionStarted, sessionRevoked,
    ]
}
