public import Foundation
import Synchronization

/// Sessions and users whose access tokens must be refused before they expire: logout, a disabled or deleted user, a
/// disabled device. Every instance of every service keeps one, fed by identity's events and resynchronised from
/// identity at start and after a reconnect (`ServiceKit.RevocationListener`). Entries are forgotten once every token
/// they could concern has expired anyway.
public final class RevocationList: Sendable {
    private struct State {
        var sessions: [String: Date] = [:]
        /// User id → tokens issued at or before this second are refused.
        var users: [String: Int64] = [:]
        var userExpiry: [String: Date] = [:]
        /// Device id → tokens bound to it issued at or before this second are refused.
        var devices: [String: Int64] = [:]
        var deviceExpiry: [String: Date] = [:]
    }

    private let state = Mutex(State())
    private let loaded: Atomic<Bool>
    /// How long an entry matters: the longest access-token lifetime plus clock leeway.
    private let retention: TimeInterval

    /// - Parameter loaded: false for a list that starts empty and must first be loaded from identity: until
    ///   `markLoaded()` a verifier refuses every token as UNAVAILABLE (an empty list would let revoked tokens in).
    public init(retention: TimeInterval = 3_600, loaded: Bool = true) {
        self.retention = retention
        self.loaded = Atomic(loaded)
    }

    /// Whether the list holds identity's revocations (always, for a list that needs no loading).
    public var isLoaded: Bool { loaded.load(ordering: .acquiring) }

    /// The first full load from identity succeeded.
    public func markLoaded() { loaded.store(true, ordering: .releasing) }

    public func revokeSession(_ sessionID: String, now: Date = Date()) {
        state.withLock { $0.sessions[sessionID] = now.addingTimeInterval(retention) }
    }

    /// Refuses the user's tokens issued at or before `since`.
    public func revokeUser(_ userID: String, since: Date, now: Date = Date()) {
        let seconds = Int64(since.timeIntervalSince1970.rounded(.down))
        state.withLock {
            $0.users[userID] = max($0.users[userID] ?? 0, seconds)
            $0.userExpiry[userID] = now.addingTimeInterval(retention)
        }
    }

    /// Refuses tokens bound to the device issued at or before `since` (a disabled device).
    public func revokeDevice(_ deviceID: String, since: Date, now: Date = Date()) {
        let seconds = Int64(since.timeIntervalSince1970.rounded(.down))
        state.withLock {
            $0.devices[deviceID] = max($0.devices[deviceID] ?? 0, seconds)
            $0.deviceExpiry[deviceID] = now.addingTimeInterval(retention)
        }
    }

    public func isRevoked(_ claims: AccessTokenClaims, now: Date = Date()) -> Bool {
        state.withLock { state in
            if state.sessions[claims.sid] != nil { return true }
            if let since = state.users[claims.sub], claims.iat <= since { return true }
            if let device = claims.dev, let since = state.devices[device], claims.iat <= since { return true }
            return false
        }
    }

    /// Drops entries whose tokens have all expired.
    public func prune(now: Date = Date()) {
        state.withLock { state in
            state.sessions = state.sessions.filter { $0.value > now }
            for (user, expiry) in state.userExpiry where expiry <= now {
                state.users[user] = nil
                state.userExpiry[user] = nil
            }
            for (device, expiry) in state.deviceExpiry where expiry <= now {
                state.devices[device] = nil
                state.deviceExpiry[device] = nil
            }
        }
    }

    public var count: Int { state.withLock { $0.sessions.count + $0.users.count + $0.devices.count } }
}
