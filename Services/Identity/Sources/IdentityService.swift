import Auth
import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import ServiceKit

/// The identity service: users, sessions and the keys that sign access tokens.
public struct IdentityService: Sendable {
    public let runtime: ServiceRuntime
    public let settings: IdentitySettings
    let store: IdentityStore
    let keys: SigningKeyRing

    public init(settings: ServiceSettings, identity: IdentitySettings) {
        let verifier = TokenVerifier { [:] }
        runtime = ServiceRuntime(settings: settings, verifier: verifier)
        self.settings = identity
        store = IdentityStore(client: runtime.database)
        keys = SigningKeyRing(store: store)
    }

    public func run() async throws {
        let sessions = SessionHandlers(store: store, keys: keys, settings: settings)
        let profile = ProfileHandlers(store: store)
        let bootstrap = AdministratorBootstrap(store: store, hasher: PasswordHasher(logN: settings.scryptLogN))
        let runtime = self.runtime
        let keys = self.keys
        let adminPassword = settings.adminPassword
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            prepare: {
                // Identity verifies its own tokens with the keys it holds, without calling itself.
                await runtime.verifier.install(try await keys.load(logger: runtime.logger))
                try await bootstrap.ensureAdministrator(password: adminPassword, logger: runtime.logger)
                runtime.relay.nudge()
            },
            routes: { router in
                router.write(IdentityMethods.login, access: .anonymous, sessions.login)
                router.write(IdentityMethods.refresh, access: .anonymous, sessions.refresh)
                router.write(IdentityMethods.logout, access: .authenticated, sessions.logout)
                router.query(IdentityMethods.getMe, access: .authenticated, profile.getMe)
                router.query(IdentityMethods.getSigningKeys, access: .anonymous, profile.getSigningKeys)
            })
    }
}
